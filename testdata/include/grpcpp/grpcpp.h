// Fake for asyncguard fixtures: declares only what the fixtures use; API shape from
// gRPC C++ 1.5x <grpcpp/grpcpp.h> (grpcpp/support/status.h, client_context.h,
// completion_queue.h, support/sync_stream.h, support/async_unary_call.h, server.h) plus
// what grpc_cpp_plugin generates for the "helloworld" example (helloworld.grpc.pb.h),
// kept here so a fixture needs one include (https://github.com/grpc/grpc).
#ifndef ASYNCGUARD_FAKE_GRPCPP_GRPCPP_H
#define ASYNCGUARD_FAKE_GRPCPP_GRPCPP_H

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace grpc {

enum StatusCode { OK = 0, CANCELLED = 1, UNKNOWN = 2, DEADLINE_EXCEEDED = 4, UNAVAILABLE = 14 };

class Status {
public:
  Status() = default;
  Status(StatusCode code, const std::string &error_message)
      : m_code(code), m_message(error_message) {}
  bool ok() const { return m_code == StatusCode::OK; }
  StatusCode error_code() const { return m_code; }
  const std::string &error_message() const { return m_message; }

private:
  StatusCode m_code = StatusCode::OK;
  std::string m_message;
};

class ClientContext {
public:
  void set_deadline(std::chrono::system_clock::time_point deadline) { m_deadline = deadline; }
  void AddMetadata(const std::string &meta_key, const std::string &meta_value) {}
  void TryCancel() {}

private:
  std::chrono::system_clock::time_point m_deadline;
};

class ServerContext {};

class CompletionQueue {
public:
  bool Next(void **tag, bool *ok) { return false; }
  void Shutdown() {}
};

class ChannelInterface {
public:
  virtual ~ChannelInterface() = default;
  template <typename T> bool WaitForConnected(T deadline) { return true; }
};

class Channel final : public ChannelInterface {};

class ChannelCredentials {};
inline std::shared_ptr<ChannelCredentials> InsecureChannelCredentials() {
  return std::make_shared<ChannelCredentials>();
}
inline std::shared_ptr<Channel> CreateChannel(const std::string &target,
                                              const std::shared_ptr<ChannelCredentials> &) {
  return std::make_shared<Channel>();
}

template <class R> class ClientAsyncResponseReader {
public:
  void StartCall() {}
  void Finish(R *msg, Status *status, void *tag) {}
};

template <class R> class ClientReader final {
public:
  bool Read(R *msg) { return false; }
  Status Finish() { return {}; }
};

template <class W> class ClientWriter final {
public:
  bool Write(const W &msg) { return false; }
  bool WritesDone() { return false; }
  Status Finish() { return {}; }
};

template <class W, class R> class ClientReaderWriter final {
public:
  bool Read(R *msg) { return false; }
  bool Write(const W &msg) { return false; }
  bool WritesDone() { return false; }
  Status Finish() { return {}; }
};

class Server {
public:
  void Wait() {}
  void Shutdown() {}
};

} // namespace grpc

// ---- generated code (helloworld.proto, grpc_cpp_plugin) ----
namespace helloworld {

class HelloRequest {
public:
  const std::string &name() const { return m_name; }
  void set_name(const std::string &value) { m_name = value; }

private:
  std::string m_name;
};

class HelloReply {
public:
  const std::string &message() const { return m_message; }
  void set_message(const std::string &value) { m_message = value; }

private:
  std::string m_message;
};

class Greeter final {
public:
  class StubInterface {
  public:
    virtual ~StubInterface() = default;
    virtual ::grpc::Status SayHello(::grpc::ClientContext *context,
                                    const ::helloworld::HelloRequest &request,
                                    ::helloworld::HelloReply *response) = 0;
  };

  class Stub final : public StubInterface {
  public:
    explicit Stub(const std::shared_ptr<::grpc::ChannelInterface> &channel)
        : m_channel(channel) {}
    ::grpc::Status SayHello(::grpc::ClientContext *context,
                            const ::helloworld::HelloRequest &request,
                            ::helloworld::HelloReply *response) override {
      return {};
    }
    std::unique_ptr<::grpc::ClientAsyncResponseReader<::helloworld::HelloReply>>
    AsyncSayHello(::grpc::ClientContext *context, const ::helloworld::HelloRequest &request,
                  ::grpc::CompletionQueue *cq) {
      return std::make_unique<::grpc::ClientAsyncResponseReader<::helloworld::HelloReply>>();
    }
    std::unique_ptr<::grpc::ClientAsyncResponseReader<::helloworld::HelloReply>>
    PrepareAsyncSayHello(::grpc::ClientContext *context,
                         const ::helloworld::HelloRequest &request,
                         ::grpc::CompletionQueue *cq) {
      return std::make_unique<::grpc::ClientAsyncResponseReader<::helloworld::HelloReply>>();
    }

    /// The callback API: returns at once, 'reactor' runs on a gRPC thread.
    class async final {
    public:
      void SayHello(::grpc::ClientContext *context, const ::helloworld::HelloRequest *request,
                    ::helloworld::HelloReply *response,
                    std::function<void(::grpc::Status)> on_done) {}
    };
    class async *async() { return &m_async; }

  private:
    std::shared_ptr<::grpc::ChannelInterface> m_channel;
    class async m_async;
  };

  static std::unique_ptr<Stub> NewStub(const std::shared_ptr<::grpc::ChannelInterface> &channel) {
    return std::make_unique<Stub>(channel);
  }
};

} // namespace helloworld

#endif
