#pragma once
// Ids as people read them, for the workbook: "childrens_social_care" -> "Children's social
// care", "dwp" -> "DWP". The same rules as the report's (viz/labels.cpp); and the numbers of a
// scenario by what they are.

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace ehsim {

std::string readable_id(const std::string& id);

// Whether text is an id (lower-case letters, digits, "_", "-" and "@") rather than a label.
bool looks_like_an_id(const std::string& text);

// A reader's label for the number at a JSON pointer of a scenario document (an uncertain
// number): the nearest enclosing object's "label" with what the number is of that thing
// ("Foster care placements (unit cost)"), a transition as "<from> → <to> (rate a year)" with its
// states named by `state_label`, a top-level setting by its key ("/economics/optimism_bias" ->
// "Optimism bias"); otherwise the pointer itself, since a guessed name could mislead. The
// report's and the workbook's names for the numbers (viz/labels.hpp names the states there).
std::string number_label(const std::string& pointer, const nlohmann::json& document,
                         const std::function<std::string(const std::string&)>& state_label);

}  // namespace ehsim
