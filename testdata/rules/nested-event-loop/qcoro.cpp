// Covers: QCoro::waitFor and QEventLoop::exec in a QCoro::Task are nested event loops; Qt's synchronous waits (socket, process, thread) block; QCoro's awaitables of the same names stay silent.
#include <QtCore/QtStubs>
#include <qcoro/QCoroTask>

QCoro::Task<int> answer() { co_return 42; }

QCoro::Task<int> nested(QTcpSocket &socket, QProcess &proc, QThread &thread, QEventLoop &loop) {
  int v = QCoro::waitFor(answer()); // WARN: nested-event-loop
  loop.exec(); // WARN: nested-event-loop
  socket.waitForConnected(); // WARN: blocking-network
  socket.waitForReadyRead(); // WARN: blocking-network
  proc.waitForFinished(); // WARN: blocking-process
  thread.wait(); // WARN: blocking-wait
  co_await qCoro(socket).waitForReadyRead(); // OK: QCoro's awaitable of the same name
  loop.processEvents(); // OK: runs ready events, never waits
  if (thread.isFinished()) // OK: asks, never waits
    v += 1;
  co_return v + co_await answer();
}

int main() {
  return QCoro::waitFor(answer()); // OK: main is not a coroutine
}
