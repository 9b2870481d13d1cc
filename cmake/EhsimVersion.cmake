# The version and the git commit, captured when the program is built (not when the build tree
# was configured, which would let a reused build directory report a stale commit): a custom
# target re-runs cmake/write_version.cmake on every build, and it rewrites the generated source
# only when the text changes, so an unchanged commit recompiles nothing.
set(EHSIM_VERSION_CPP "${CMAKE_BINARY_DIR}/generated/version.cpp")
add_custom_target(ehsim_version_info
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DOUTPUT=${EHSIM_VERSION_CPP}
          -DVERSION=${PROJECT_VERSION} -P ${CMAKE_SOURCE_DIR}/cmake/write_version.cmake
  BYPRODUCTS ${EHSIM_VERSION_CPP}
  COMMENT "ehsim version and git commit"
  VERBATIM)
