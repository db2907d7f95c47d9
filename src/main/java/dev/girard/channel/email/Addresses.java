package dev.girard.channel.email;

import java.net.IDN;

/** E-mail addresses as they go on the wire: the domain in ASCII (punycode), the local part as it is. */
final class Addresses {
    private Addresses() {
    }

    /**
     * The address with its domain in punycode ({@code 用户@例子.中国} becomes {@code 用户@xn--fsqu00a.xn--fiqs8s}).
     *
     * @throws IllegalArgumentException when there is no {@code @} or the domain is not a valid IDN
     */
    static String asciiDomain(String address) {
        int at = address.lastIndexOf('@');
        if (at < 1 || at == address.length() - 1) {
            throw new IllegalArgumentException("'" + address + "' is not an e-mail address (local-part@domain)");
        }
        String domain = address.substring(at + 1);
        if (isAscii(domain)) {
            return address;
        }
        return address.substring(0, at + 1) + IDN.toASCII(domain, IDN.USE_STD3_ASCII_RULES);
    }

    static String domain(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
