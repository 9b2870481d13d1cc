#include "uncertainty/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/csv.hpp"
#include "random/stream.hpp"

namespace ehsim {

namespace fs = std::filesystem;
using nlohmann::json;

std::uint32_t stream_id(const std::string& name) {
  std::uint32_t hash = 2166136261u;
  for (unsigned char c : name) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

const Uncertainty* uncertainty_at(const Scenario& scenario, const std::string& pointer) {
  for (const auto& n : scenario.quantities) {
    if (n.pointer == pointer && n.quantity.uncertainty) return &*n.quantity.uncertainty;
  }
  return nullptr;
}

std::vector<UncertainNumber> uncertain_numbers(const std::vector<const Scenario*>& scenarios) {
  std::vector<UncertainNumber> numbers;
  for (const Scenario* s : scenarios) {
    for (const auto& n : s->quantities) {
      if (!n.quantity.uncertainty) continue;
      const bool seen = std::any_of(numbers.begin(), numbers.end(), [&](const UncertainNumber& u) {
        return u.pointer == n.pointer;
      });
      if (!seen) numbers.push_back({n.pointer, n.quantity.value, *n.quantity.uncertainty});
    }
  }
  return numbers;
}

std::vector<UncertaintyGroup> uncertainty_groups(const std::vector<const Scenario*>& scenarios) {
  std::vector<UncertaintyGroup> groups;
  for (const Scenario* s : scenarios) {
    for (const auto& g : s->uncertainty_groups) {
      const bool seen = std::any_of(groups.begin(), groups.end(),
                                    [&](const UncertaintyGroup& h) { return h.id == g.id; });
      if (!seen) groups.push_back(g);
    }
  }
  return groups;
}

namespace {

std::string read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

[[noreturn]] void unreadable(const fs::path& file, const std::string& why) {
  Diagnostics d;
  d.add(file.string(), "", why);
  throw InputError(std::move(d));
}

}  // namespace

std::optional<PlausibleSet> plausible_set_for(const PreparedScenario& baseline) {
  if (!baseline.scenario().calibration) return std::nullopt;
  const fs::path dir = fs::path(baseline.document().origin_of("/calibration")).parent_path();
  const fs::path csv = dir / "plausible.csv", fit = dir / "fit.json";
  std::error_code ec;
  if (!fs::exists(csv, ec) || !fs::exists(fit, ec)) return std::nullopt;
  PlausibleSet set;
  set.file = csv.string();
  std::vector<std::vector<std::string>> records;
  try {
    records = parse_csv(read_text(csv));
  } catch (const std::invalid_argument& e) {
    unreadable(csv, e.what());
  }
  json fit_json;
  try {
    fit_json = json::parse(read_text(fit));
  } catch (const json::exception& e) {
    unreadable(fit, e.what());
  }
  if (records.empty() || records.front().size() < 5 || records.front()[1] != "weight") {
    unreadable(csv, "expected the header point,weight,objective,max_implausibility,<parameters>");
  }
  const auto& header = records.front();
  for (std::size_t c = 4; c < header.size(); ++c) {
    set.names.push_back(header[c]);
    std::vector<std::string> pointers;
    std::vector<std::pair<std::string, double>> tied;
    for (const auto& p : fit_json.value("parameters", json::array())) {
      if (p.value("name", "") != header[c]) continue;
      pointers = p.value("pointers", std::vector<std::string>{});
      for (const auto& tie : p.value("tied", json::array()))
        tied.emplace_back(tie.value("pointer", ""), tie.value("ratio", 1.0));
    }
    if (pointers.empty()) unreadable(fit, "has no pointers for parameter " + header[c]);
    set.pointers.push_back(pointers);
    set.tied.push_back(tied);
  }
  double total = 0;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& row = records[r];
    if (row.size() == 1 && row[0].empty()) continue;
    if (row.size() != header.size())
      unreadable(csv, fmt::format("row {} has {} fields", r + 1, row.size()));
    std::vector<double> values;
    for (std::size_t c = 4; c < row.size(); ++c) values.push_back(std::stod(row[c]));
    set.points.push_back(values);
    total += std::stod(row[1]);
    set.cumulative_weight.push_back(total);
  }
  if (set.points.empty() || !(total > 0)) return std::nullopt;
  for (double& w : set.cumulative_weight) w /= total;
  return set;
}

ParameterDraw draw_parameters(std::uint64_t seed, std::uint32_t k,
                              const std::vector<UncertainNumber>& numbers,
                              const std::optional<PlausibleSet>& plausible,
                              const std::vector<UncertaintyGroup>& groups) {
  ParameterDraw draw;
  draw.seed = seed;
  draw.set = k;
  for (const auto& n : numbers) {
    RandomStream stream(seed, k, stream_id(n.pointer), StreamPurpose::parameters);
    draw.u.push_back(stream.uniform());
  }
  for (const auto& g : groups) {
    if (g.kind != UncertaintyGroupKind::gaussian_copula) continue;
    RandomStream stream(seed, k, stream_id(g.pointer), StreamPurpose::parameters);
    std::vector<double> independent;
    for (std::size_t i = 0; i < g.numbers.size(); ++i) independent.push_back(stream.uniform());
    const std::vector<double> u = correlated_uniforms(g.cholesky, independent);
    for (std::size_t i = 0; i < g.numbers.size(); ++i) {
      for (std::size_t j = 0; j < numbers.size(); ++j) {
        if (numbers[j].pointer == g.numbers[i]) draw.u[j] = u[i];
      }
    }
  }
  if (plausible) {
    RandomStream stream(seed, k, stream_id("calibration plausible set"), StreamPurpose::parameters);
    const double u = stream.uniform();
    const auto& w = plausible->cumulative_weight;
    draw.plausible_point = static_cast<int>(
        std::min<std::ptrdiff_t>(std::lower_bound(w.begin(), w.end(), u) - w.begin(),
                                 static_cast<std::ptrdiff_t>(w.size()) - 1));
  }
  return draw;
}

ParameterSet parameters_under(const PreparedScenario& scenario, const PreparedScenario& baseline,
                              const std::vector<UncertainNumber>& numbers,
                              const std::optional<PlausibleSet>& plausible,
                              const ParameterDraw& draw) {
  ParameterSet set;
  set.origin = "parameter draw";
  if (plausible && draw.plausible_point >= 0) {
    const auto& point = plausible->points[static_cast<std::size_t>(draw.plausible_point)];
    // The alternative's own value of a fitted number is its policy: left alone.
    const auto write = [&](const std::string& pointer, double value) {
      if (number_at(scenario.document(), pointer) == number_at(baseline.document(), pointer))
        set.set(pointer, value);
    };
    for (std::size_t p = 0; p < plausible->names.size(); ++p) {
      for (const auto& pointer : plausible->pointers[p]) write(pointer, point[p]);
      if (p < plausible->tied.size()) {
        for (const auto& [pointer, ratio] : plausible->tied[p]) write(pointer, point[p] * ratio);
      }
    }
  }
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const Uncertainty* own = uncertainty_at(scenario.scenario(), numbers[i].pointer);
    if (own == nullptr) continue;
    set.set(numbers[i].pointer, parameter_quantile(own->distribution, draw.u[i]));
  }
  // Each share's gamma from a stream of its own (keyed by its pointer), with the scenario's own
  // central shares and concentration.
  for (const auto& g : scenario.scenario().uncertainty_groups) {
    if (g.kind != UncertaintyGroupKind::dirichlet) continue;
    std::vector<double> u;
    for (const auto& pointer : g.numbers) {
      RandomStream stream(draw.seed, draw.set, stream_id(pointer), StreamPurpose::parameters);
      u.push_back(stream.uniform());
    }
    const std::vector<double> shares = dirichlet_shares(g.alpha, u);
    for (std::size_t i = 0; i < g.numbers.size(); ++i) set.set(g.numbers[i], shares[i]);
  }
  return set;
}

}  // namespace ehsim
