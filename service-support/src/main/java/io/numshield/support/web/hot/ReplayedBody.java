package io.numshield.support.web.hot;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose first bytes a hot path has read already (a chunked body over
 * {@link HotRequests#MAX_BODY}): the MVC path gets them back, then the rest of the
 * stream, as if nothing had been read.
 */
public final class ReplayedBody extends HttpServletRequestWrapper {

	private final byte[] head;

	public ReplayedBody(HttpServletRequest request, byte[] head) {
		super(request);
		this.head = head;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		ServletInputStream rest = super.getInputStream();
		InputStream both = new SequenceInputStream(new ByteArrayInputStream(head), rest);
		return new ServletInputStream() {

			private boolean finished;

			@Override
			public int read() throws IOException {
				int next = both.read();
				finished = next < 0;
				return next;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				int read = both.read(buffer, offset, length);
				finished = read < 0;
				return read;
			}

			@Override
			public boolean isFinished() {
				return finished;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException("the MVC path reads blocking");
			}
		};
	}

	@Override
	public BufferedReader getReader() throws IOException {
		String encoding = getCharacterEncoding();
		return new BufferedReader(new InputStreamReader(getInputStream(),
				encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
	}

}
