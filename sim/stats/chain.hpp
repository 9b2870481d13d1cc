#pragma once
// How much a Markov chain's draws are worth. Successive states of a random-walk Metropolis chain
// are correlated, so n steps carry the information of fewer independent draws: the effective
// sample size. A plausible set whose parameters have an effective sample size of five cannot
// describe the calibration's uncertainty, however many steps the walk took; the fit report and
// the uncertainty analysis say so.

#include <vector>

namespace ehsim {

// The effective sample size of a chain's successive values (n / (1 + 2 * sum of its
// autocorrelations)), with the sum cut off by Geyer's initial positive sequence: autocorrelations
// are added in pairs while each pair's sum is positive (Geyer, "Practical Markov chain Monte
// Carlo", Statistical Science 7(4), 1992, §3.3). Between 1 and n (n for uncorrelated draws; a
// chain that never moves counts as one draw). 0 for an empty chain.
double effective_sample_size(const std::vector<double>& chain);

}  // namespace ehsim
