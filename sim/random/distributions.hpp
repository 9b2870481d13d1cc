#pragma once
// Distribution functions with fixed algorithms, in one tested place, so results do not depend on
// the standard library's distribution algorithms. Every sampler takes a uniform u in (0, 1).

namespace ehsim {

double standard_normal_quantile(double u);  // Boost.Math, fixed algorithm

}  // namespace ehsim
