#pragma once
// Overriding a scenario's numbers by JSON pointer, in memory: what calibration, probabilistic
// sensitivity analysis and goal-seek do to a scenario thousands of times. The override is
// applied to the resolved document and the scenario is read again from it, so an overridden
// value gets exactly the checks a value in a file gets, reported against its pointer, without
// reading any file again.

#include <string>
#include <vector>

#include "core/diagnostics.hpp"
#include "input/document.hpp"
#include "input/loader.hpp"
#include "scenario/scenario.hpp"

namespace ehsim {

struct ParameterValue {
  std::string pointer;  // e.g. /pathway/transitions/need_emerges/rate_per_year
  double value = 0;
};

// Values by JSON pointer, applied in order. `origin` names them in messages ("calibration
// draw 12", "command line"); `source`, when given, replaces the source of each overridden
// number written with one ({"value": ..., "source": ...}), so a fitted value does not keep the
// citation of the guess it replaced.
struct ParameterSet {
  std::vector<ParameterValue> values;
  std::string origin = "parameter override";
  std::string source;

  ParameterSet& set(std::string pointer, double value);
  bool empty() const { return values.empty(); }
};

// The document with the values in place. Each pointer must name a number, a number written
// with its source ({"value": ...}), or a key not yet present in an existing object (a default,
// such as a hazard ratio of 1, made explicit). Problems (a malformed pointer, a pointer to
// nothing, to a string or to an object without "value", a value that is not finite) go to
// `diagnostics`, each naming the pointer.
ResolvedDocument with_parameters(const ResolvedDocument& document, const ParameterSet& parameters,
                                 Diagnostics& diagnostics);

// The number at `pointer` in a resolved document (a bare number or a sourced number's value).
// Throws InputError when there is none.
double number_at(const ResolvedDocument& document, const std::string& pointer);

}  // namespace ehsim
