#pragma once
int lookup(int key);
int cached_lookup(int key);
int read_record(int key);
