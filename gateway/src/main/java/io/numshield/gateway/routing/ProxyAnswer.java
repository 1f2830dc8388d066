package io.numshield.gateway.routing;

import java.util.List;
import java.util.Map;

/**
 * A service's answer as {@link AsyncProxy} hands it back: the status, the headers that go
 * on to the caller (already without the hop-by-hop ones and the body's length, see
 * {@link AsyncProxy#passesBack}) and the whole body (empty when there is none).
 *
 * @param status the HTTP status code
 * @param headers name and value, in the order the service sent them
 * @param body the body's bytes; never {@code null}
 */
public record ProxyAnswer(int status, List<Map.Entry<String, String>> headers, byte[] body) {

}
