#pragma once
// What the code around a call says about whether it waits (issue 19, items 4
// and 8): a descriptor the code made non-blocking, a resolver given a numeric
// address. These answer the catalogue's evidence conditions
// ("non_blocking_fd", "is_numeric_host", "field" + "has_flag"), so that the
// knowledge lives in the catalogue entry and this stage, not in the collector.

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"

namespace asyncguard {

/// Whether `Arg` is a string literal (or a local const char* initialized by
/// one) holding a numeric IPv4 or IPv6 address: getaddrinfo and resolvers
/// parse it without asking DNS.
bool isNumericHostLiteral(const clang::Expr *Arg);

/// Whether the struct `Arg` points to (`&hints`, or `hints` by reference) has
/// its `Field` set, in `Owner`'s body, to a value whose text names `Flag`
/// (`hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;`, `.ai_flags = ...` in its
/// initializer).
bool fieldHasFlag(const clang::Expr *Arg, llvm::StringRef Field, llvm::StringRef Flag,
                  const clang::FunctionDecl *Owner, clang::ASTContext &Ctx);

/// Whether the descriptor `Fd` used by `Call` is one the code made
/// non-blocking, so the call returns EAGAIN/EINPROGRESS instead of waiting:
/// - created with SOCK_NONBLOCK (socket, accept4) or another *_NONBLOCK
///   creation flag (eventfd, timerfd_create, signalfd, inotify_init1), or
///   given O_NONBLOCK by fcntl (or FIONBIO by ioctl), in `Owner`'s body;
/// - returned by a project helper whose body does one of those;
/// - or the code after `Call` in `Owner` checks errno against EAGAIN,
///   EWOULDBLOCK or EINPROGRESS (only a non-blocking descriptor returns them).
/// O_NONBLOCK given to open() is not evidence: it has no effect on regular
/// files, which still wait for the disk.
bool isNonBlockingDescriptor(const clang::Expr *Fd, const clang::Expr *Call,
                             const clang::FunctionDecl *Owner, clang::ASTContext &Ctx);

} // namespace asyncguard
