# asyncguard for CMake projects.
#
#   list(APPEND CMAKE_MODULE_PATH /usr/share/asyncguard/integrations/cmake)  # or the checkout's
#   include(AsyncGuard)
#   asyncguard_check(my_target [ARGS --select blocking-*])
#
# adds a target `my_target_asyncguard` that checks my_target's C/C++ sources
# with the build's own compile database, and fails (like a compile error) when
# asyncguard reports findings. Build it in CI or make it a dependency.
#
# The include may stand anywhere in the project, before or after the targets:
# compile_commands.json lists every target from the first configure on.
include_guard(GLOBAL)

find_program(ASYNCGUARD_EXECUTABLE asyncguard DOC "The asyncguard analyzer")

# CMAKE_EXPORT_COMPILE_COMMANDS only seeds the EXPORT_COMPILE_COMMANDS property
# of targets created after it is set, in this directory and below. Targets
# created earlier (or in sibling directories) would be missing from the
# database until a second configure, so once the whole project is read, every
# target of the build gets the property.
set(CMAKE_EXPORT_COMPILE_COMMANDS ON)

function(_asyncguard_export_compile_commands dir)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY)$")
      set_property(TARGET ${target} PROPERTY EXPORT_COMPILE_COMMANDS ON)
    endif()
  endforeach()
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(subdir IN LISTS subdirs)
    _asyncguard_export_compile_commands("${subdir}")
  endforeach()
endfunction()

cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}"
  CALL _asyncguard_export_compile_commands "${CMAKE_SOURCE_DIR}")

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
