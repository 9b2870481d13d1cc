// "extends" applies each file to its parent as a JSON Merge Patch (RFC 7386): null deletes,
// arrays replace, objects merge, nearer files win; origin_of says which file set a value.
// tests/data/merge/ holds a three-file chain top.json -> middle.json -> base.json.

#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "input/document.hpp"
#include "input/loader.hpp"
#include "scenario_test_support.hpp"

namespace ehsim {
namespace {

using nlohmann::json;

std::filesystem::path merge_dir() {
  return testing::data_dir() / "merge";
}

ResolvedDocument resolve_ok(const std::filesystem::path& file) {
  Diagnostics diags;
  ResolvedDocument doc = resolve_scenario_file(file, diags);
  EXPECT_TRUE(diags.empty()) << diags.format();
  return doc;
}

TEST(ScenarioMergePatch, ThreeFileChainResolvesToTheRfc7386Result) {
  const ResolvedDocument doc = resolve_ok(merge_dir() / "top.json");
  const json expected = json::parse(R"({
    "a": 3,
    "keep": "base",
    "revived": "top",
    "list": [9],
    "obj": {"y": 20, "inner": {"p": 1, "q": 2}},
    "new": "top"
  })");
  EXPECT_EQ(doc.merged, expected) << doc.merged.dump(2);
}

TEST(ScenarioMergePatch, NullDeletesAKey) {
  const ResolvedDocument doc = resolve_ok(merge_dir() / "top.json");
  EXPECT_FALSE(doc.merged.contains("gone"));      // deleted by middle.json
  EXPECT_FALSE(doc.merged["obj"].contains("x"));  // deleted by top.json
  EXPECT_TRUE(doc.merged["obj"].contains("y"));   // its sibling stays
  EXPECT_FALSE(doc.merged.contains("extends"));   // never part of the scenario itself
}

TEST(ScenarioMergePatch, ArraysAreReplacedNotMerged) {
  const ResolvedDocument doc = resolve_ok(merge_dir() / "middle.json");
  EXPECT_EQ(doc.merged["list"], json::array({9}));
}

TEST(ScenarioMergePatch, NestedObjectsMerge) {
  const ResolvedDocument doc = resolve_ok(merge_dir() / "middle.json");
  EXPECT_EQ(doc.merged["obj"], json::parse(R"({"x": 1, "y": 20, "inner": {"p": 1, "q": 2}})"));
}

TEST(ScenarioMergePatch, ChainAppliesFromRootToNamedFile) {
  // Applied in the wrong order "a" would be 1 and "revived" deleted.
  const ResolvedDocument doc = resolve_ok(merge_dir() / "top.json");
  ASSERT_EQ(doc.chain.size(), 3u);
  EXPECT_TRUE(testing::same_file(doc.chain[0], merge_dir() / "top.json"));
  EXPECT_TRUE(testing::same_file(doc.chain[1], merge_dir() / "middle.json"));
  EXPECT_TRUE(testing::same_file(doc.chain[2], merge_dir() / "base.json"));
  EXPECT_EQ(doc.merged["a"], 3);
  EXPECT_EQ(doc.merged["revived"], "top");  // deleted by middle, set again by top
  ASSERT_EQ(doc.own.size(), 3u);
  EXPECT_FALSE(doc.own[0].contains("extends"));
}

TEST(ScenarioMergePatch, OriginOfNamesTheFileThatSetTheValue) {
  const ResolvedDocument doc = resolve_ok(merge_dir() / "top.json");
  const auto origin = [&](const std::string& pointer) {
    return std::filesystem::path(doc.origin_of(pointer)).filename().string();
  };
  EXPECT_EQ(origin("/a"), "top.json");
  EXPECT_EQ(origin("/new"), "top.json");
  EXPECT_EQ(origin("/list"), "middle.json");
  EXPECT_EQ(origin("/obj/y"), "middle.json");
  EXPECT_EQ(origin("/obj/inner/q"), "middle.json");
  EXPECT_EQ(origin("/obj/inner/p"), "base.json");
  EXPECT_EQ(origin("/keep"), "base.json");
  EXPECT_EQ(origin("/list/0"), "middle.json");
}

TEST(ScenarioMergePatch, ExtendsIsRelativeToTheNamingFile) {
  const ResolvedDocument doc = resolve_ok(merge_dir() / "sub" / "child.json");
  EXPECT_EQ(doc.merged["keep"], "child");
  EXPECT_EQ(doc.merged["a"], 1);
}

TEST(ScenarioMergePatch, OverrideOfTheBaselineReplacesArraysAndDeletesKeys) {
  const auto file = merge_dir() / "two_family_sizes.json";
  const LoadResult result = load_scenario_file(file);
  ASSERT_TRUE(result.ok()) << result.diagnostics.format();
  const auto& sizes = result.scenario.population.children_per_family;
  ASSERT_EQ(sizes.size(), 2u);  // the baseline's three entries are gone, not merged
  EXPECT_EQ(sizes[1].children, 2);
  EXPECT_DOUBLE_EQ(sizes[1].share, 0.5);
  EXPECT_EQ(result.scenario.description, "");  // "description": null deleted it
  EXPECT_FALSE(result.scenario.name.empty());  // untouched keys come from the baseline
  EXPECT_TRUE(testing::same_file(result.document.origin_of("/name"), testing::baseline_path()));
  EXPECT_TRUE(testing::same_file(
      result.document.origin_of("/population/children_per_family/0/share"), file));
}

TEST(ScenarioMergePatch, InvestmentScenarioMergesIntoTheServiceItNames) {
  const LoadResult result = load_scenario_file(testing::families_first_path());
  ASSERT_TRUE(result.ok()) << result.diagnostics.format();
  const std::string service = "/services/families_first_key_workers";
  EXPECT_EQ(result.document.merged.at(json::json_pointer(service + "/budget_per_year/value")),
            6400000);
  // Sibling keys of the overridden one survive the merge.
  EXPECT_EQ(result.document.merged.at(json::json_pointer(service + "/caseload_per_fte/value")), 15);
  EXPECT_TRUE(testing::same_file(result.document.origin_of(service + "/budget_per_year"),
                                 testing::families_first_path()));
  EXPECT_TRUE(testing::same_file(result.document.origin_of(service + "/caseload_per_fte"),
                                 testing::baseline_path()));
}

TEST(ScenarioMergePatch, OverlongChainIsRefused) {
  testing::TempDir dir;
  // kMaxExtendsChain + 1 files, each extending the next: no cycle, just too long.
  for (int i = 0; i <= kMaxExtendsChain; ++i) {
    json file = {{"n", i}};
    if (i < kMaxExtendsChain) file["extends"] = fmt::format("f{}.json", i + 1);
    dir.write(fmt::format("f{}.json", i), file.dump());
  }
  Diagnostics diags;
  resolve_scenario_file(dir.path() / "f0.json", diags);
  ASSERT_EQ(diags.size(), 1u) << diags.format();
  EXPECT_EQ(diags.items().front().pointer, "/extends");
  EXPECT_NE(diags.items().front().message.find("longer than"), std::string::npos);

  // One file fewer is accepted.
  Diagnostics fine;
  const ResolvedDocument doc = resolve_scenario_file(dir.path() / "f1.json", fine);
  EXPECT_TRUE(fine.empty()) << fine.format();
  EXPECT_EQ(doc.merged["n"], 1);
}

}  // namespace
}  // namespace ehsim
