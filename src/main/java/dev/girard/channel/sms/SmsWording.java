package dev.girard.channel.sms;

/**
 * The fixed words of the SMS channel, in English or Chinese: the opt-out line every text ends with, and
 * the answers to STOP, HELP and a new opt-in. Chinese texts open with the sender in 【】, as Chinese
 * carriers expect.
 */
public final class SmsWording {
    private final String business;
    private final String contact;

    public SmsWording(String business, String contact) {
        this.business = business;
        this.contact = contact;
    }

    public String optOut(boolean zh) {
        return zh ? "回复TD退订" : "Reply STOP to opt out";
    }

    /** The text with the opt-out line on a line of its own, unless the text says it already. */
    public String withOptOut(String text, boolean zh) {
        String line = optOut(zh);
        if (text.contains(line)) {
            return text;
        }
        return text.isEmpty() ? line : text + "\n" + line;
    }

    /** The one answer to an opt-out: no opt-out line, there is nothing left to opt out of. */
    public String stopped(boolean zh) {
        return zh ? "【" + business + "】您已退订，不会再收到我们的短信。"
                : business + ": you are unsubscribed and will get no more texts from us.";
    }

    public String help(boolean zh) {
        return zh ? "【" + business + "】如需帮助请联系 " + contact + "。" + optOut(zh) + "。"
                : business + ": for help, contact " + contact + ". " + optOut(zh) + ".";
    }

    /** Sent before the first text after an opt-in, when configured. */
    public String optedIn(boolean zh) {
        return zh ? "【" + business + "】您已订阅我们的短信，发送频率不定。" + optOut(zh) + "。"
                : business + ": you are subscribed to texts from us. Message frequency varies. Reply HELP for help. "
                        + optOut(zh) + ".";
    }
}
