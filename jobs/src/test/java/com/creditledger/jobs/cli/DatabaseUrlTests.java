package com.creditledger.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseUrlTests {

    @Test
    void theUserinfoFormBecomesPgjdbcsFormWithThePasswordOutOfTheUrl() {
        // when
        DatabaseUrl url =
                DatabaseUrl.parse("jdbc:postgresql://billing:Super%40Secret+1@db:5432/billing?ssl=true", null);
        // then
        assertThat(url.url()).isEqualTo("jdbc:postgresql://db:5432/billing?user=billing&ssl=true");
        assertThat(url.password()).isEqualTo("Super@Secret+1");
        assertThat(url.where()).isEqualTo("jdbc:postgresql://db:5432/billing");
        assertThat(url.settings())
                .containsEntry("spring.datasource.url", "jdbc:postgresql://db:5432/billing?user=billing&ssl=true")
                .containsEntry("spring.datasource.password", "Super@Secret+1");
        assertThat(url.toString()).doesNotContain("Secret");
    }

    @Test
    void theQueryFormLosesItsPasswordsAndKeepsItsOtherParameters() {
        // when
        DatabaseUrl url = DatabaseUrl.parse(
                "jdbc:postgresql://db1:5432,db2:5433/billing?user=b&password=p%26w&sslpassword=k&ApplicationName=x",
                null);
        // then
        assertThat(url.url()).isEqualTo("jdbc:postgresql://db1:5432,db2:5433/billing?user=b&ApplicationName=x");
        assertThat(url.password()).isEqualTo("p&w");
        assertThat(url.settings())
                .containsEntry("spring.datasource.hikari.data-source-properties.sslpassword", "k")
                .doesNotContainValue("jdbc:postgresql://db1:5432,db2:5433/billing?user=b&password=p%26w");
    }

    @Test
    void thePasswordComesFromTheEnvironmentWhenTheUrlHasNone() {
        // when / then
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/billing?user=b", "fromEnv")
                        .password())
                .isEqualTo("fromEnv");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/billing?user=b&password=inUrl", "fromEnv")
                        .password())
                .isEqualTo("inUrl");
        assertThat(DatabaseUrl.parse("jdbc:postgresql://db/billing", "").settings())
                .isEqualTo(Map.of("spring.datasource.url", "jdbc:postgresql://db/billing"));
    }

    @Test
    void aUrlOfAnotherKindIsRefusedWithoutItsPassword() {
        // when / then
        assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:SuperSecret123@db/billing", null))
                .hasMessage("--db-url (or BILLING_DB_URL) 'postgresql://u:***@db/billing' is not a PostgreSQL JDBC URL;"
                        + " give one like jdbc:postgresql://db:5432/billing?user=billing");
    }
}
