#pragma once
/// \file
/// asyncguard::rt — the reference runtime the analyzer's fixes point to.
/// One include for everything; each component also has its own header.

#include "asyncguard/rt/background_queue.hpp"
#include "asyncguard/rt/block_on.hpp"
#include "asyncguard/rt/blocking_pool.hpp"
#include "asyncguard/rt/cancel.hpp"
#include "asyncguard/rt/event_loop.hpp"
#include "asyncguard/rt/offload.hpp"
#include "asyncguard/rt/sleep.hpp"
#include "asyncguard/rt/socket.hpp"
#include "asyncguard/rt/stall_detector.hpp"
#include "asyncguard/rt/task.hpp"
#include "asyncguard/rt/thread_pool.hpp"
