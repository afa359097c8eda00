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

TEST(Catalogue, RecvCarriesItsDontWaitCondition) {
  auto C = Catalogue::builtin();
  ASSERT_TRUE(static_cast<bool>(C));
  const CatalogueEntry *Recv = C->lookup("::recv");
  ASSERT_NE(Recv, nullptr);
  ASSERT_TRUE(Recv->Unless.has_value());
  EXPECT_EQ(Recv->Unless->K, ArgCondition::Kind::HasFlag);
  EXPECT_EQ(Recv->Unless->Arg, 3);
  EXPECT_EQ(Recv->Unless->Flag, "MSG_DONTWAIT");
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
