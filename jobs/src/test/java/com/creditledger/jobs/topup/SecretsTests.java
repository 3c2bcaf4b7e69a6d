package com.creditledger.jobs.topup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTests {

    @Test
    void keysTokensAndPasswordsAreRedacted() {
        // given / when / then
        assertThat(Secrets.redact("Invalid API Key provided: sk_live_51AbCdEf"))
                .isEqualTo("Invalid API Key provided: sk_live_***");
        assertThat(Secrets.redact("{Authorization: Bearer sk_test_abc123}")).doesNotContain("abc123");
        assertThat(Secrets.redact("jdbc:postgresql://db/billing?user=b&password=hunter2&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/billing?user=b&password=***&ssl=true");
        assertThat(Secrets.redact("UnknownHostException: jdbc:postgresql://u:Super@Secret123@db/x"))
                .isEqualTo("UnknownHostException: jdbc:postgresql://u:***@db/x");
        assertThat(Secrets.redact("see https://example.com/a?b=c//d")).isEqualTo("see https://example.com/a?b=c//d");
        assertThat(Secrets.redact("pm_card_visa topup:ws-1:r1")).isEqualTo("pm_card_visa topup:ws-1:r1");
        assertThat(Secrets.redact(null)).isNull();
    }
}
