#pragma once
// The value of information: what knowing the uncertain numbers would be worth to the decision.
// Given a PSA's parameter sets, each option's net benefit in each set (the council's NPV against
// the baseline, so the baseline's is 0), the decision taken now is the option with the highest
// expected net benefit. Were the numbers known, the best option could be chosen set by set:
//
//   EVPI  = E_sets[max_d NB_d] − max_d E_sets[NB_d]
//   EVPPI = E[max_d E[NB_d | θ]] − max_d E[NB_d]   for one number θ, known alone
//
// E[NB_d | θ] is estimated by regression of NB_d on θ across the sets (Strong, Oakley and Brennan,
// "Estimating multiparameter partial expected value of perfect information from a probabilistic
// sensitivity analysis sample: a nonparametric regression approach", Medical Decision Making
// 2014, doi:10.1177/0272989X13505910; they fit a generalised additive model or a Gaussian
// process, here a cubic polynomial in θ by least squares), which also averages out the chance
// each set's mean carries. EVPI from the sets' means counts that chance as if it were knowable, so
// with few replications a set it overstates; docs/uncertainty.md says how to read both.

#include <cstddef>
#include <vector>

namespace ehsim {

// The decision taken on what is known now, and what knowing every number would add to it.
struct PerfectInformation {
  std::size_t decision = 0;  // the option with the highest mean (the first of equals)
  std::vector<double> expected_net_benefit;  // each option's mean over the sets
  double evpi = 0;                           // never negative
};

// net_benefit[set][option]; every row the same length, at least one option. Throws
// std::invalid_argument on ragged or empty input.
PerfectInformation expected_value_of_perfect_information(
    const std::vector<std::vector<double>>& net_benefit);

// One number's EVPPI: `parameter[set]` is its value in each set. The regression is a polynomial
// of `degree` (fewer when the number takes fewer distinct values; 0 for a number that never
// moves, whose EVPPI is then 0). Never negative.
double expected_value_of_partial_perfect_information(
    const std::vector<double>& parameter, const std::vector<std::vector<double>>& net_benefit,
    int degree = 3);

}  // namespace ehsim
