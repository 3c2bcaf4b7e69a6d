package com.creditledger.jobs.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LedgerSqlTests {

    @Test
    void namesBecomeTheStoredValues() {
        assertThat(LedgerSql.of(
                        "WHERE p.account = {CONSUMED} AND t.kind IN ({USAGE}, {GRANT_TOPUP}) AND g.kind <> {PLAN}"))
                .isEqualTo("WHERE p.account = 'consumed' AND t.kind IN ('USAGE', 'GRANT_TOPUP') AND g.kind <> 'PLAN'");
        assertThat(LedgerSql.of("account IN ({ISSUED})"))
                .isEqualTo("account IN ('issued:plan', 'issued:pack', 'issued:topup', 'issued:adjustment')");
        assertThat(LedgerSql.of("SELECT '{}'::text[], '{a}' -- {lower} stays"))
                .isEqualTo("SELECT '{}'::text[], '{a}' -- {lower} stays");
    }

    @Test
    void aNameNoEnumHasIsRefused() {
        assertThatThrownBy(() -> LedgerSql.of("SELECT 1\nWHERE account = {WALET}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("named WALET")
                .hasMessageContaining("SELECT 1");
    }
}
