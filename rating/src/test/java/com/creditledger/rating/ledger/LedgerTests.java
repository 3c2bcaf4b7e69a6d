package com.creditledger.rating.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.creditledger.rating.Grant;
import com.creditledger.rating.GrantKind;
import com.creditledger.rating.TimelineListener.Draw;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTests {

    static final Instant T = Instant.parse("2026-11-03T10:15:30.123456789Z");
    static final Instant RUN = Instant.parse("2026-11-05T00:00:00Z");

    @Test
    void aTransactionThatDoesNotSumToZeroCannotBeMade() {
        assertThatThrownBy(() -> new LedgerTxn(
                        "x", "ws", TxnKind.USAGE, T, null, List.of(Posting.grant(1, -5), Posting.debt(4))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not sum to zero");
        assertThatThrownBy(() -> new LedgerTxn("x", "ws", TxnKind.USAGE, T, null, List.of(Posting.grant(1, 0))))
                .hasMessageContaining("1 posting(s)");
    }

    @Test
    void theZeroSumIsExactPast64Bits() {
        // MAX + MAX − MAX − MAX is zero although its running sum passes 2^63; MAX + MAX + 2 wraps to zero and is not
        assertThat(new LedgerTxn(
                                "x",
                                "ws",
                                TxnKind.EXPIRY,
                                T,
                                null,
                                List.of(
                                        Posting.grant(1, Long.MAX_VALUE),
                                        Posting.grant(2, Long.MAX_VALUE),
                                        new Posting(LedgerAccount.EXPIRED, null, -Long.MAX_VALUE),
                                        new Posting(LedgerAccount.EXPIRED, null, -Long.MAX_VALUE)))
                        .postings())
                .hasSize(4);
        assertThatThrownBy(() -> new LedgerTxn(
                        "x",
                        "ws",
                        TxnKind.EXPIRY,
                        T,
                        null,
                        List.of(
                                Posting.grant(1, Long.MAX_VALUE),
                                Posting.grant(2, Long.MAX_VALUE),
                                new Posting(LedgerAccount.EXPIRED, null, 2))))
                .hasMessageContaining("does not sum to zero");
    }

    @Test
    void onlyTheWalletIsKeptPerGrant() {
        assertThatThrownBy(() -> new Posting(LedgerAccount.CONSUMED, 3, 1))
                .hasMessageContaining("only the wallet is kept per grant, not consumed");
    }

    @Test
    void aGrantThatRepaysDebtPostsToTheDebtAndTheRestToItsWallet() {
        Grant pack = new Grant(7, GrantKind.PACK, 1_000, 600, T, null, "p-1");
        LedgerTxn txn = Postings.grant("ws-a", pack, 400);
        assertThat(txn.id()).isEqualTo("G:ws-a:7");
        assertThat(txn.kind()).isEqualTo(TxnKind.GRANT_PACK);
        assertThat(txn.reference()).isEqualTo("p-1");
        assertThat(txn.effectiveAt()).isEqualTo(T);
        assertThat(txn.postings())
                .containsExactly(
                        new Posting(LedgerAccount.ISSUED_PACK, null, -1_000), Posting.grant(7, 600), Posting.debt(400));
        assertThat(Postings.grant("ws-a", pack, 0).postings())
                .containsExactly(new Posting(LedgerAccount.ISSUED_PACK, null, -1_000), Posting.grant(7, 1_000));
        assertThat(Postings.grant("ws-a", pack, 1_000).postings())
                .containsExactly(new Posting(LedgerAccount.ISSUED_PACK, null, -1_000), Posting.debt(1_000));
        assertThatThrownBy(() -> Postings.grant("ws-a", pack, 1_001)).hasMessageContaining("repays 1001 of 1000");
    }

    @Test
    void anExpiryMovesWhatWasLeftToExpiredAndNamesItsGrant() {
        Grant plan = new Grant(2, GrantKind.PLAN, 500, 0, T, RUN, "cycle 2026-11-01");
        Grant topup = new Grant(3, GrantKind.TOPUP, 500, 0, T, RUN, "topup:ws-a:r-9");
        LedgerTxn txn = Postings.expiry("ws-a", plan, 120, RUN);
        assertThat(txn.id()).isEqualTo("E:ws-a:2");
        assertThat(txn.kind()).isEqualTo(TxnKind.EXPIRY);
        assertThat(txn.reference()).isEqualTo("cycle 2026-11-01");
        assertThat(txn.postings())
                .containsExactly(Posting.grant(2, -120), new Posting(LedgerAccount.EXPIRED, null, 120));
        assertThat(Postings.expiry("ws-a", topup, 1, RUN).reference()).isEqualTo("expiry of grant 3");
        assertThatThrownBy(() -> Postings.expiry("ws-a", plan, 0, RUN)).hasMessageContaining("expires with 0 left");
    }

    @Test
    void usageIsOneTransactionPerWorkspaceAndUtcDayOfTheRun() {
        UsageBook book = new UsageBook(RUN);
        Instant day1 = Instant.parse("2026-11-03T23:59:59.999999999Z");
        Instant day2 = Instant.parse("2026-11-04T00:00:00Z");
        book.record("ws-a", T, List.of(new Draw(2, GrantKind.PLAN, 30)), 0, 30);
        book.record("ws-a", day1, List.of(new Draw(2, GrantKind.PLAN, 10), new Draw(5, GrantKind.PACK, 5)), 0, 15);
        book.record("ws-a", day2, List.of(new Draw(5, GrantKind.PACK, 2)), 8, 10);
        book.record("ws-a", day2, List.of(), 0, 0); // free: no transaction's
        book.record("ws-b", day1, List.of(), 0, 0);
        List<LedgerTxn> txns = book.close();
        assertThat(txns)
                .extracting(LedgerTxn::id)
                .containsExactly("U:ws-a:2026-11-03:2026-11-05T00:00:00Z", "U:ws-a:2026-11-04:2026-11-05T00:00:00Z");
        assertThat(txns.get(0).effectiveAt()).isEqualTo(day1); // the last request's instant
        assertThat(txns.get(0).postings())
                .containsExactly(
                        Posting.grant(2, -40), Posting.grant(5, -5), new Posting(LedgerAccount.CONSUMED, null, 45));
        assertThat(txns.get(1).postings())
                .containsExactly(Posting.grant(5, -2), Posting.debt(-8), new Posting(LedgerAccount.CONSUMED, null, 10));
        assertThat(book.close()).isEmpty();
        assertThat(UsageBook.day(day1)).hasToString("2026-11-03");
        assertThat(UsageBook.day(Instant.parse("1969-12-31T23:59:59Z"))).hasToString("1969-12-31");
    }

    @Test
    void aWorkspaceComingBackToADayAddsToItsTransaction() {
        UsageBook book = new UsageBook(RUN);
        book.record("ws-a", T, List.of(new Draw(1, GrantKind.PLAN, 1)), 0, 1);
        book.record("ws-b", T, List.of(new Draw(1, GrantKind.PLAN, 1)), 0, 1);
        book.record("ws-a", T, List.of(new Draw(1, GrantKind.PLAN, 2)), 0, 2);
        assertThat(book.close())
                .extracting(
                        txn -> txn.workspaceId() + " " + txn.postings().get(0).amount())
                .containsExactly("ws-a -3", "ws-b -1");
    }

    @Test
    void everyAccountCodeIsDistinctAndIssuingAccountsCoverEveryGrantKind() {
        for (GrantKind kind : GrantKind.values()) {
            assertThat(LedgerAccount.issuing(kind).issues()).isTrue();
            assertThat(TxnKind.granting(kind).name()).isEqualTo("GRANT_" + kind.name());
        }
        for (LedgerAccount account : LedgerAccount.values()) {
            assertThat(LedgerAccount.ofCode(account.code())).isSameAs(account);
        }
        assertThatThrownBy(() -> LedgerAccount.ofCode("issued:gift")).hasMessageContaining("'issued:gift'");
    }
}
