#pragma once
// What the report calls the things the results name by id: services, locality teams, payers,
// cost categories and pathway states. One function, so every chart and table agrees.

#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace ehsim::viz {

// Labels the scenario gives, by id: from each summary.json (services) and from the baseline
// scenario file when it was found (services, localities, pathway states).
struct KnownLabels {
  std::map<std::string, std::string> services;
  std::map<std::string, std::string> localities;
  std::map<std::string, std::string> states;
};

// A reader's label for an id in the results:
// - the scenario's own label where it has one (a service, locality or state);
// - "service@locality" (one locality team): "<service label> — <locality label>";
// - otherwise the id made readable: words split at "_", the first capitalised, acronyms in
//   capitals ("dwp" -> "DWP", "nhs" -> "NHS", "neet" -> "NEET"), "childrens" -> "Children's",
//   so "childrens_social_care" -> "Children's social care", "locality_01" -> "Locality 01".
// Text that is already a label (anything but lower-case letters, digits, "_", "-" and "@") is
// returned as it is.
std::string human_label(const std::string& id, const KnownLabels& known = {});

// A reader's label for the number at a JSON pointer of a scenario document (an uncertain
// number): the nearest enclosing object's "label" with what the number is of that thing
// ("Foster care placements (unit cost)"), a transition as "<from> → <to> (rate a year)" by the
// states' labels, a top-level setting by its key ("/economics/optimism_bias" -> "Optimism
// bias"); otherwise the pointer itself, since a guessed name could mislead.
std::string number_label(const std::string& pointer, const nlohmann::json& document,
                         const KnownLabels& known = {});

struct ResultsInput;
// Adds the service labels that the results' summary.json files carry (a label already known
// stays).
void add_result_labels(const ResultsInput& input, KnownLabels& known);

}  // namespace ehsim::viz
