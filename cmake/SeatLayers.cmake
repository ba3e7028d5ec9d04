# seat_layer_headers(TARGET FOLDER [PRIVATE]): makes FOLDER's headers includable
# as "FOLDER/x.h" by TARGET and by whatever links TARGET (only TARGET with
# PRIVATE, and always only TARGET for an executable), and by nothing else.
# There is no include path at the repository root: each folder gets an include
# root of its own in the build tree holding one link to the folder, so a file
# can include only headers of the libraries its target links. Together with
# scripts/check_layers.py (which knows which folder may use which) this keeps
# the layers going one way: docs/architecture.md.
function(seat_layer_headers target folder)
  set(root ${PROJECT_BINARY_DIR}/layers/${folder})
  set(link ${root}/${folder})
  if(NOT EXISTS ${link})
    get_filename_component(parent ${link} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${folder} ${link} SYMBOLIC)
  endif()
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "EXECUTABLE" OR "${ARGN}" STREQUAL "PRIVATE")
    target_include_directories(${target} PRIVATE ${root})
  else()
    target_include_directories(${target} PUBLIC ${root})
  endif()
endfunction()
