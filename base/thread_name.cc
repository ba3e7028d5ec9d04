#include "base/thread_name.h"

#include <pthread.h>

namespace seat {

void name_this_thread(const std::string& name) {
    // A name is a label for people: failing to set one changes nothing else.
    (void)pthread_setname_np(pthread_self(), name.substr(0, kThreadNameMax).c_str());
}

}  // namespace seat
