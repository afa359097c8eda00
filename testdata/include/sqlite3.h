// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// SQLite 3.40 <sqlite3.h> (https://sqlite.org/c3ref/funclist.html).
#ifndef ASYNCGUARD_FAKE_SQLITE3_H
#define ASYNCGUARD_FAKE_SQLITE3_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

#define SQLITE_OK 0
#define SQLITE_ROW 100
#define SQLITE_DONE 101
#define SQLITE_OPEN_READONLY 0x00000001
#define SQLITE_OPEN_READWRITE 0x00000002
#define SQLITE_OPEN_CREATE 0x00000004

int sqlite3_open(const char *filename, sqlite3 **ppDb);
int sqlite3_open_v2(const char *filename, sqlite3 **ppDb, int flags, const char *zVfs);
int sqlite3_close(sqlite3 *db);
int sqlite3_exec(sqlite3 *db, const char *sql,
                 int (*callback)(void *, int, char **, char **), void *arg,
                 char **errmsg);
int sqlite3_prepare_v2(sqlite3 *db, const char *zSql, int nByte, sqlite3_stmt **ppStmt,
                       const char **pzTail);
int sqlite3_bind_int(sqlite3_stmt *stmt, int index, int value);
int sqlite3_step(sqlite3_stmt *stmt);
int sqlite3_column_int(sqlite3_stmt *stmt, int iCol);
const unsigned char *sqlite3_column_text(sqlite3_stmt *stmt, int iCol);
int sqlite3_finalize(sqlite3_stmt *pStmt);
const char *sqlite3_errmsg(sqlite3 *db);
int sqlite3_sleep(int ms);

#ifdef __cplusplus
}
#endif

#endif
