task<void> f() {
  sleep(1); // NOLINT
  // NOLINTNEXTLINE(asyncguard-blocking-sleep, bugprone-*)
  sleep(2);
  // NOLINTBEGIN(asyncguard-blocking-*)
  read(fd, buf, n); /* NOLINT(asyncguard-blocking-io) */
  // NOLINTEND(asyncguard-blocking-*)
  const char *s = "NOLINT"; // NOLINTS is not a marker
  co_return;
}
