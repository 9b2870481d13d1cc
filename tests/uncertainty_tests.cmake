# Uncertainty tests: parameter distributions and draws, probabilistic and one-way sensitivity,
# switching values, against answers known without the simulation.
ehsim_add_gtest(uncertainty_tests uncertainty/uncertainty_test.cpp)
