package dev.girard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void a_hash_is_an_argon2id_phc_string_with_owasp_cost_and_a_fresh_salt() {
        String first = hasher.hash("correct horse battery");
        String second = hasher.hash("correct horse battery");
        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(second);
        assertThat(hasher.verify("correct horse battery", first)).isTrue();
        assertThat(hasher.verify("correct horse battery", second)).isTrue();
    }

    @Test
    void a_wrong_password_does_not_verify() {
        String hash = hasher.hash("correct horse battery");
        assertThat(hasher.verify("correct horse batterY", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void verifies_a_hash_written_by_the_reference_argon2_implementation() {
        // echo -n "correct horse battery" | argon2 saltsaltsaltsalt -id -t 2 -k 19456 -p 1 -l 32 -e
        String reference = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$iPOQ5f2O21FsjnBvo1AiFcDuSXciCnKUrXFO+yfgNoM";
        assertThat(hasher.verify("correct horse battery", reference)).isTrue();
        assertThat(hasher.verify("correct horse battery!", reference)).isFalse();
    }

    @Test
    void anything_that_is_not_an_argon2id_string_never_verifies() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG")).isFalse();
        assertThat(hasher.verify("x", "5f4dcc3b5aa765d61d8327deb882cf99")).isFalse();
    }
}
