// The plain TCP connection: StreamConnection over a tcp::socket (connection_impl.h).
#include "server/net/connection_impl.h"

namespace seat::server {

template class StreamConnection<PlainStream>;

}  // namespace seat::server
