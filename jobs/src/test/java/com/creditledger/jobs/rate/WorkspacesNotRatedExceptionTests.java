package com.creditledger.jobs.rate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspacesNotRatedExceptionTests {

    @Test
    void oneFailureIsNamedWhole() {
        // given / when
        String message = new WorkspacesNotRatedException(
                        List.of("workspace ws-a failed at request r (f.csv line 2): X"))
                .getMessage();
        // then
        assertThat(message)
                .isEqualTo("1 workspace is not rated (the partition's other workspaces are):"
                        + " workspace ws-a failed at request r (f.csv line 2): X");
    }

    @Test
    void manyFailuresAreCountedAndTheFirstThreeNamed() {
        // given / when
        String message = new WorkspacesNotRatedException(List.of("w1", "w2", "w3", "w4", "w5")).getMessage();
        // then
        assertThat(message)
                .isEqualTo("5 workspaces are not rated (the partition's other workspaces are): w1; w2; w3;"
                        + " and 2 more (each is in the log)")
                .doesNotContain("\n");
    }
}
