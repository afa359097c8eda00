#include "core/Catalogue.h"
#include "core/EmbeddedData.h"

#include <gtest/gtest.h>

using namespace asyncguard;

TEST(Catalogue, BuiltinLoadsEveryFile) {
  auto C = Catalogue::builtin();
  ASSERT_TRUE(static_cast<bool>(C)) << llvm::toString(C.takeError());
  EXPECT_GT(C->size(), 200u);
  EXPECT_GE(embeddedCatalogue().size(), 10u);
}

TEST(Catalogue, LooksUpWithOrWithoutLeadingColons) {
  auto C = Catalogue::builtin();
  ASSERT_TRUE(static_cast<bool>(C));
  const CatalogueEntry *Sleep = C->lookup("::sleep");
  ASSERT_NE(Sleep, nullptr);
  EXPECT_EQ(Sleep->Rule, "blocking-sleep");
  EXPECT_EQ(C->lookup("sleep"), Sleep);
  EXPECT_EQ(C->lookup("app::sleep"), nullptr);
}

TEST(Catalogue, RecvCarriesItsDontWaitAndNonBlockingConditions) {
  auto C = Catalogue::builtin();
  ASSERT_TRUE(static_cast<bool>(C));
  const CatalogueEntry *Recv = C->lookup("::recv");
  ASSERT_NE(Recv, nullptr);
  ASSERT_TRUE(Recv->Unless.has_value());
  ASSERT_EQ(Recv->Unless->K, ArgCondition::Kind::AnyOf);
  ASSERT_EQ(Recv->Unless->Alternatives.size(), 2u);
  const ArgCondition &DontWait = Recv->Unless->Alternatives[0];
  EXPECT_EQ(DontWait.K, ArgCondition::Kind::HasFlag);
  EXPECT_EQ(DontWait.Arg, 3);
  EXPECT_EQ(DontWait.Flag, "MSG_DONTWAIT");
  EXPECT_EQ(Recv->Unless->Alternatives[1].K, ArgCondition::Kind::NonBlockingFd);
  EXPECT_EQ(Recv->Unless->Alternatives[1].Arg, 0);
}

TEST(Catalogue, ParsesEvidenceConditions) {
  Catalogue C;
  llvm::Error E = C.addFile("ev", R"([
    { "name": "::getaddrinfo", "rule": "blocking-network",
      "unless": { "any_of": [ { "arg": 0, "is_numeric_host": true },
                              { "arg": 2, "field": "ai_flags", "has_flag": "AI_NUMERICHOST" } ] } },
    { "name": "std::basic_ifstream::basic_ifstream", "rule": "blocking-io",
      "when": { "min_args": 1 } } ])");
  ASSERT_FALSE(static_cast<bool>(E)) << llvm::toString(std::move(E));
  const CatalogueEntry *Gai = C.lookup("getaddrinfo");
  ASSERT_NE(Gai, nullptr);
  ASSERT_EQ(Gai->Unless->Alternatives.size(), 2u);
  EXPECT_EQ(Gai->Unless->Alternatives[0].K, ArgCondition::Kind::NumericHost);
  const ArgCondition &Hints = Gai->Unless->Alternatives[1];
  EXPECT_EQ(Hints.K, ArgCondition::Kind::FieldHasFlag);
  EXPECT_EQ(Hints.Arg, 2);
  EXPECT_EQ(Hints.Field, "ai_flags");
  EXPECT_EQ(Hints.Flag, "AI_NUMERICHOST");
  const CatalogueEntry *Ctor = C.lookup("std::basic_ifstream::basic_ifstream");
  ASSERT_NE(Ctor, nullptr);
  EXPECT_EQ(Ctor->When->K, ArgCondition::Kind::MinArgs);
  EXPECT_EQ(Ctor->When->Count, 1u);

  llvm::Error Empty = C.addFile("bad.jsonc", R"([{ "name": "f", "rule": "blocking-io",
                                                  "unless": { "any_of": [] } }])");
  EXPECT_TRUE(static_cast<bool>(Empty));
  llvm::consumeError(std::move(Empty));
}

TEST(Catalogue, LibraryInternalsAreNotFollowedButTheirWaitsAre) {
  auto C = Catalogue::builtin();
  ASSERT_TRUE(static_cast<bool>(C));
  const CatalogueEntry *SyncAwait = C->lookup("async_simple::coro::syncAwait");
  ASSERT_NE(SyncAwait, nullptr);
  EXPECT_EQ(SyncAwait->Rule, "nested-event-loop");
  EXPECT_TRUE(C->isNonBlocking("async_simple::util::Condition::acquire"));
  EXPECT_FALSE(C->isNonBlocking("async_simple::coro::syncAwait"));
  for (const char *Name : {"concurrencpp::result::get", "seastar::future::get",
                           "stdexec::__sync_wait::sync_wait_t::operator()",
                           "unifex::_sync_wait_cpo::_fn::operator()", "boost::cobalt::run",
                           "QCoro::waitFor"})
    EXPECT_NE(C->lookup(Name), nullptr) << Name;
  EXPECT_EQ(C->lookup("concurrencpp::result::resolve"), nullptr);
  EXPECT_EQ(C->lookup("boost::cobalt::join"), nullptr);
}

TEST(Catalogue, NonBlockingWinsOverAnEntry) {
  Catalogue C;
  ASSERT_FALSE(static_cast<bool>(C.addFile("t", R"([{"name": "::usleep", "rule": "blocking-sleep"}])")));
  ASSERT_NE(C.lookup("usleep"), nullptr);
  C.markNonBlocking("::usleep");
  EXPECT_EQ(C.lookup("usleep"), nullptr);
  EXPECT_TRUE(C.isNonBlocking("usleep"));
}

TEST(Catalogue, RejectsUnknownRuleAndFix) {
  Catalogue C;
  llvm::Error E = C.addFile("bad.jsonc", R"([{"name": "f", "rule": "blocking-everything"}])");
  ASSERT_TRUE(static_cast<bool>(E));
  EXPECT_NE(llvm::toString(std::move(E)).find("bad.jsonc"), std::string::npos);
  llvm::Error F = C.addFile("bad.jsonc", R"([{"name": "f", "rule": "blocking-io", "fix": "magic"}])");
  EXPECT_TRUE(static_cast<bool>(F));
  llvm::consumeError(std::move(F));
}

TEST(Catalogue, AcceptsCommentsAndSignatureEntries) {
  Catalogue C;
  llvm::Error E = C.addFile("sig", R"(// comment
    [{ "name": "*", "returns": "grpc::Status", "first_param": "grpc::ClientContext",
       "rule": "blocking-network" }])");
  ASSERT_FALSE(static_cast<bool>(E));
  ASSERT_EQ(C.signatureEntries().size(), 1u);
  EXPECT_EQ(C.signatureEntries()[0].Returns, "grpc::Status");
}
