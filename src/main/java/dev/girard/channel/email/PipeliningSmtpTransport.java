package dev.girard.channel.email;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPOutputStream;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

import dev.girard.channel.Recorded;
import dev.girard.channel.email.MailTransport.Verdict;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Angus Mail's SMTP transport, sending one message to one recipient with command pipelining (RFC 2920) when
 * the server offers it: MAIL FROM, RCPT TO and DATA go out together and their three replies are read
 * together. The reply to a message's end of data may be left to be read with the next message (see
 * {@link #sendPipelined}), so a message costs one round trip of its own. Connecting, EHLO, STARTTLS, AUTH and
 * the data stream (dot-stuffing) stay Angus Mail's own.
 *
 * <p>Failures come out as Angus Mail reports them for the one-command-at-a-time exchange: a refused recipient
 * as {@link SMTPAddressFailedException}, a refused sender or data as {@link SMTPSendFailedException}, each
 * with the server's reply to the command that failed (not the follow-on refusal of DATA).
 */
final class PipeliningSmtpTransport extends SMTPTransport {
    private static final String[] LEFT_OUT = {"Bcc", "Content-Length"};
    private static final int REPLIES_AHEAD = 2;

    // replies owed for the commands sent ahead of DATA, read before DATA's own (see readServerResponse)
    private int owed;
    private final int[] codes = new int[REPLIES_AHEAD];
    private final String[] replies = new String[REPLIES_AHEAD];

    // holds the commands sent together until their replies are read, so they go out in one segment; null
    // when the socket was not made by WriteTimedSockets (SSL from the start)
    private WriteTimedSockets.Cork cork;

    // the message whose end of data went out and whose reply is still to be read, if any
    private Verdict owedVerdict;
    // the message whose reply was read (refusal null: accepted) and is still to be handed over, if any
    private Verdict verdictRead;
    private MessagingException readRefusal;
    // the records of the verdicts handed over and possibly still committing, oldest first
    private final ArrayDeque<Recorded> recordings = new ArrayDeque<>();
    // how many messages may be accepted and not yet recorded at once (see sendPipelined)
    private final int unrecordedAtMost;

    // whether the session allows UTF-8 (the SMTPUTF8 parameter of MAIL FROM where the server offers it)
    private final boolean utf8Allowed;

    /**
     * @param unrecordedAtMost how many messages this connection may have accepted and not yet recorded (at
     *                         least 1): the records a crash can lose, each a message that would go out twice
     */
    PipeliningSmtpTransport(Session session, int unrecordedAtMost) {
        super(session, new URLName("smtp", null, -1, null, null, null));
        if (unrecordedAtMost < 1) {
            throw new IllegalArgumentException("unrecordedAtMost must be at least 1: " + unrecordedAtMost);
        }
        this.unrecordedAtMost = unrecordedAtMost;
        this.utf8Allowed = Boolean.parseBoolean(session.getProperty("mail.mime.allowutf8"));
    }

    /** Connects, and takes the cork of the socket connected (if it has one). */
    void open(String username, String password) throws MessagingException {
        try {
            if (username.isEmpty()) {
                connect();
            } else {
                connect(username, password);
            }
        } finally {
            // taken even when the connect failed, so the thread does not keep the dead socket
            cork = WriteTimedSockets.corkOfLastSocket();
        }
    }

    /** Whether {@link #sendPipelined} may be used on this connection: the server's EHLO offered PIPELINING. */
    boolean pipelines() {
        return supportsExtension("PIPELINING");
    }

    /**
     * Sends one message to one recipient in a pipelined transaction; the caller has connected and checked
     * {@link #pipelines()}.
     *
     * <p>With {@code verdict} null, the server's reply to the end of data is read before this returns, and a
     * refusal is thrown. Otherwise the end of data goes out and this returns at once: the reply is read with the
     * replies to the next command (the next message's MAIL FROM, or {@link #settle}), and handed to
     * {@code verdict} before anything after that command is sent. The message is then on its way while the
     * next one is prepared, and a message's acceptance costs no round trip of its own. The next message's end
     * of data cannot leave before that verdict has been handed over, nor before the records of the messages
     * before it are committed, but for {@code unrecordedAtMost - 1} of them: so no more than
     * {@code unrecordedAtMost} messages are ever accepted here and not recorded.
     *
     * @param envelopeFrom the reverse path (MAIL FROM)
     */
    synchronized void sendPipelined(MimeMessage message, String envelopeFrom, InternetAddress recipient,
            Verdict verdict) throws MessagingException {
        // The last message's verdict is read with the replies to this envelope, and handed over to be recorded
        // while the server answers the envelope. A reply that arrives after the envelope has left must be
        // acknowledged at once: a server whose next replies wait for that acknowledgement (its Nagle) would
        // otherwise wait for our delayed-ACK timer, 40 ms. Where the socket cannot be told so, the verdict is
        // read before the envelope leaves.
        if (owedVerdict != null && (cork == null || !cork.acknowledgesAtOnce())) {
            release();
            readVerdict();
        }
        String mail = "MAIL FROM:<" + envelopeFrom + ">" + (utf8Allowed && supportsExtension("SMTPUTF8") ? " SMTPUTF8" : "");
        String rcpt = "RCPT TO:<" + recipient.getAddress() + ">";
        Arrays.fill(codes, -1);
        Arrays.fill(replies, null);
        hold();
        sendCommand(mail);
        sendCommand(rcpt);
        owed = REPLIES_AHEAD;
        OutputStream data;
        try {
            data = data(); // DATA, then the replies to MAIL, RCPT and DATA in that order
        } catch (MessagingException e) {
            owed = 0;
            throw refusal(e, mail, rcpt, recipient);
        }
        if (codes[0] != 250 || !accepted(codes[1])) {
            // DATA accepted after a refused MAIL or RCPT: a broken server; end this connection rather than send
            MessagingException refused = new MessagingException("The SMTP server accepted DATA after refusing "
                    + (codes[0] != 250 ? mail + ": " + replies[0] : rcpt + ": " + replies[1]));
            close();
            throw refusal(refused, mail, rcpt, recipient);
        }
        try {
            hold(); // the message and the dot after it go out together
            if (!writeAsItIs(message, data)) {
                message.writeTo(data, LEFT_OUT);
            }
            // before this one can be accepted (its end of data, the dot, leaves), the messages before it are
            // recorded but for unrecordedAtMost - 1 of them
            awaitRecordings(unrecordedAtMost - 1);
            if (verdict == null) {
                finishData();
                return;
            }
            ((SMTPOutputStream) data).ensureAtBOL();
            sendCommand(".");
            owedVerdict = verdict;
            release();
        } catch (IOException e) {
            throw new MessagingException("Cannot write the message to the SMTP server: " + e.getMessage(), e);
        }
    }

    /**
     * A message whose bytes are written already ({@link MimeWriter}): where they need neither line ends made
     * CRLF nor dots doubled, they can go to the socket whole, rather than through the data stream, which
     * looks at every byte twice and writes every line on its own.
     */
    interface Encoded {
        /**
         * The message's bytes (without the fields a transport leaves out, Bcc and Content-Length) when they
         * are what the data stream would send for them unchanged (see {@link MimeWriter#transparent(byte[],
         * int, int)}); null otherwise.
         */
        byte[] transparentBytes();
    }

    /**
     * Writes an {@link Encoded} message that is already in the form the data stream would give it straight to
     * the socket, behind the DATA command (Angus Mail flushes its stream with every command). Not on a TLS
     * connection (the socket then carries TLS records), not when the session traces the conversation (the
     * trace would miss the message), and not into a data stream of another kind (BDAT).
     *
     * @return false when the message must go through the data stream
     */
    private boolean writeAsItIs(MimeMessage message, OutputStream data) throws IOException {
        if (cork == null || isSSL() || session.getDebug() || data.getClass() != SMTPOutputStream.class
                || !(message instanceof Encoded encoded)) {
            return false;
        }
        byte[] bytes = encoded.transparentBytes();
        if (bytes == null) {
            return false;
        }
        cork.write(bytes);
        return true;
    }

    /** Whether a message's verdict is still to be handed over (see {@link #sendPipelined}). */
    synchronized boolean owesVerdict() {
        return owedVerdict != null || verdictRead != null || !recordings.isEmpty();
    }

    /** Reads the verdict owed, if any, hands it over and waits until every verdict handed over is recorded. */
    synchronized void settle() throws MessagingException {
        if (owedVerdict != null) {
            release();
            readVerdict();
        }
        handOver();
        awaitRecordings(0);
    }

    /**
     * Hands over the verdict owed, if any, without reading more: a verdict already read goes over as it was,
     * one still to be read as the failure {@code why} (the connection is given up).
     */
    synchronized void abandon(MessagingException why) {
        try {
            handOver();
            Verdict verdict = owedVerdict;
            owedVerdict = null;
            if (verdict != null) {
                recordings.add(verdict.settle(why));
            }
            awaitRecordings(0);
        } catch (RuntimeException e) {
            // not recorded: the delivery stays leased and goes back to the queue when its lease runs out
        }
    }

    /** Reads the reply to the last end of data; a reply that cannot be read goes over at once, as a failure. */
    private void readVerdict() throws MessagingException {
        Verdict verdict = owedVerdict;
        owedVerdict = null;
        int code;
        try {
            code = super.readServerResponse();
        } catch (MessagingException e) {
            verdict.settle(e).await();
            throw e;
        }
        verdictRead = verdict;
        readRefusal = code == 250 ? null
                : new SMTPSendFailedException(".", code, getLastServerResponse(), null, null, null, null);
    }

    /** Hands the verdict read over to be recorded, without waiting for the record (see {@link #awaitRecording}). */
    private void handOver() {
        Verdict verdict = verdictRead;
        verdictRead = null;
        if (verdict != null) {
            recordings.add(verdict.settle(readRefusal));
        }
    }

    /**
     * Waits until at most {@code left} verdicts handed over are still being recorded, oldest first; throws
     * (and ends the connection) if one could not be recorded.
     */
    private void awaitRecordings(int left) {
        while (recordings.size() > left) {
            Recorded pending = recordings.poll();
            try {
                pending.await();
            } catch (RuntimeException e) {
                // a message may be half sent (no dot yet): the server drops it with the connection, which ends
                // at once (a QUIT would be taken for more of the message, and wait for a reply until the timeout)
                if (cork != null) {
                    cork.abort();
                }
                try {
                    close();
                } catch (MessagingException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
    }

    private static boolean accepted(int rcptCode) {
        return rcptCode == 250 || rcptCode == 251;
    }

    /** A reply the server sent, rather than -1 for a connection that ended before it. */
    private static boolean replied(int code) {
        return code >= 200;
    }

    /**
     * DATA was refused; if MAIL or RCPT was refused first, that reply says why. Whatever the server made of
     * the transaction, it is reset (RSET) so the connection can carry the next message; a server that
     * closed the connection (421) makes the next message reconnect.
     */
    private MessagingException refusal(MessagingException dataRefused, String mail, String rcpt,
            InternetAddress recipient) {
        MessagingException cause;
        if (replied(codes[0]) && codes[0] != 250) {
            cause = new SMTPSendFailedException(mail, codes[0], replies[0], dataRefused, null, null, null);
        } else if (codes[0] == 250 && replied(codes[1]) && !accepted(codes[1])) {
            cause = new SMTPAddressFailedException(recipient, rcpt, codes[1], replies[1]);
            cause.setNextException(dataRefused);
        } else {
            cause = dataRefused;
        }
        if (isConnected()) {
            try {
                simpleCommand("RSET");
            } catch (MessagingException e) {
                // the next message checks the connection and reconnects if need be
            }
        }
        return cause;
    }

    private void hold() {
        if (cork != null) {
            cork.hold();
        }
    }

    private void release() throws MessagingException {
        if (cork != null) {
            try {
                cork.release();
            } catch (IOException e) {
                throw new MessagingException("Cannot send to the SMTP server: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Sends what the cork held (a reply is awaited now), then reads the replies owed (the last message's
     * verdict first) and the one asked for.
     */
    @Override
    protected int readServerResponse() throws MessagingException {
        release();
        if (owedVerdict != null && cork != null) {
            cork.acknowledgeAtOnce();
        }
        if (owedVerdict != null) {
            readVerdict();
        }
        handOver();
        while (owed > 0) {
            int index = REPLIES_AHEAD - owed;
            owed--;
            codes[index] = super.readServerResponse();
            replies[index] = getLastServerResponse();
        }
        return super.readServerResponse();
    }
}
