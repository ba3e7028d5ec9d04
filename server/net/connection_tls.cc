// The TLS connection: StreamConnection over an ssl::stream (connection_impl.h).
#include "server/net/connection_impl.h"

namespace seat::server {

template class StreamConnection<TlsStream>;

}  // namespace seat::server
