# asyncguard for CMake projects.
#
#   list(APPEND CMAKE_MODULE_PATH /path/to/asyncguard/integrations/cmake)
#   include(AsyncGuard)
#   asyncguard_check(my_target [ARGS --select blocking-*])
#
# adds a target `my_target_asyncguard` that checks my_target's C/C++ sources
# with the build's own compile database, and fails (like a compile error) when
# asyncguard reports findings. Build it in CI or make it a dependency.

set(CMAKE_EXPORT_COMPILE_COMMANDS ON CACHE BOOL "compile_commands.json for asyncguard" FORCE)
find_program(ASYNCGUARD_EXECUTABLE asyncguard DOC "The asyncguard analyzer")

function(asyncguard_check target)
  cmake_parse_arguments(AG "" "" "ARGS" ${ARGN})
  if(NOT ASYNCGUARD_EXECUTABLE)
    message(WARNING "asyncguard not found; ${target}_asyncguard will fail (set ASYNCGUARD_EXECUTABLE)")
  endif()
  get_target_property(sources ${target} SOURCES)
  get_target_property(source_dir ${target} SOURCE_DIR)
  set(files)
  foreach(source IN LISTS sources)
    if(source MATCHES "\\.(c|cc|cpp|cxx|c\\+\\+|C)$")
      if(NOT IS_ABSOLUTE "${source}")
        set(source "${source_dir}/${source}")
      endif()
      list(APPEND files "${source}")
    endif()
  endforeach()
  add_custom_target(${target}_asyncguard
    COMMAND ${ASYNCGUARD_EXECUTABLE} check -p ${CMAKE_BINARY_DIR} ${AG_ARGS} ${files}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    COMMENT "asyncguard: checking ${target}"
    VERBATIM)
endfunction()
