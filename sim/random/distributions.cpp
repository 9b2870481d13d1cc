#include "random/distributions.hpp"

#include <cmath>

#include <boost/math/special_functions/erf.hpp>

namespace ehsim {

double standard_normal_quantile(double u) {
  return -std::sqrt(2.0) * boost::math::erfc_inv(2.0 * u);
}

}  // namespace ehsim
