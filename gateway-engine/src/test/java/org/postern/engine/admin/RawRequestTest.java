package org.postern.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.PosternException;

/**
 * The control API as a client that writes its own JSON sees it: a request the engine cannot take as
 * written is refused with the reason and changes nothing. A missing or null number or flag is not
 * read as 0 or false, a misspelt field is not dropped, an enum is named, never numbered, and a
 * value a record of the API refuses arrives as that record's own refusal.
 */
class RawRequestTest {

    @TempDir
    Path dir;
    EmbeddedGateway engine;
    ApiTransport raw;

    @BeforeEach
    void start() {
        engine = EmbeddedGateway.open(dir);
        engine.listeners().list().forEach(l -> engine.listeners().delete(l.name()));
        engine.engine().start();
        raw = ApiTransport.unix(AdminServer.socketOf(dir));
    }

    @AfterEach
    void stop() {
        raw.close();
        engine.close();
    }

    Object call(String operation, String jsonArguments) throws Exception {
        JsonNode args = Json.MAPPER.readTree(jsonArguments);
        try {
            return raw.post("call/" + operation, args, Json.MAPPER.constructType(Object.class));
        } catch (PosternException e) {
            // the reason speaks of the request, not of this server's classes or its JSON library's settings
            assertThat(e.getMessage()).doesNotContain("DeserializationFeature", "org.postern", "jackson");
            throw e;
        }
    }

    @Test
    void aNullNumberIsRefusedNotReadAsZero() {
        assertThatThrownBy(() -> call("certificates/setExpiryWarningDays", "[null]"))
                .isInstanceOf(PosternException.class)
                .hasMessage("argument 1 of setExpiryWarningDays is not a int: Cannot map `null` into type `int`");
        assertThat(engine.certificates().expiryWarningDays()).isEqualTo(30);
    }

    @Test
    void aMissingFieldOfARecordIsRefusedNotReadAsZero() {
        AdminApi.HttpsSettings before = engine.admin().https();
        assertThatThrownBy(() -> call("admin/setHttps", "[{\"enabled\": true, \"address\": \"127.0.16.150\"}]"))
                .isInstanceOf(PosternException.class)
                .hasMessage("argument 1 of setHttps is not a HttpsSettings: port: Cannot map `null` into type `int`");
        assertThat(engine.admin().https()).isEqualTo(before);
    }

    @Test
    void aMisspeltFieldIsRefusedNotDropped() {
        assertThatThrownBy(() -> call("destinations/save", "[{\"domain\": \"typo.test\", \"tls\": \"REQUIRED\", "
                + "\"dane\": \"NONE\", \"maxConnections\": 5, \"route\": null, \"reconnectInClear\": false, "
                + "\"reconectInClear\": true}]"))
                .isInstanceOf(PosternException.class)
                .hasMessage("argument 1 of save is not a DestinationEntry: unknown field \"reconectInClear\""
                        + " (fields: dane, domain, maxConnections, reconnectInClear, route, tls)");
        assertThat(engine.destinations().list()).extracting(DestinationEntry::domain).doesNotContain("typo.test");
    }

    @Test
    void enumsAreNamedNotNumberedAndNumbersAreWhole() {
        assertThatThrownBy(() -> call("destinations/save", "[{\"domain\": \"n.test\", \"tls\": 3, \"dane\": \"NONE\", "
                + "\"maxConnections\": 5, \"route\": null, \"reconnectInClear\": false}]"))
                .isInstanceOf(PosternException.class)
                .hasMessage("argument 1 of save is not a DestinationEntry: tls: '3' is not one of DEFAULT, NONE, PREFERRED,"
                        + " REQUIRED, PREFERRED_VERIFY, REQUIRED_VERIFY, REQUIRED_VERIFY_HOSTED");
        assertThatThrownBy(() -> call("certificates/setExpiryWarningDays", "[44.5]"))
                .isInstanceOf(PosternException.class).hasMessageStartingWith("argument 1 of setExpiryWarningDays");
        assertThat(engine.destinations().list()).extracting(DestinationEntry::domain).doesNotContain("n.test");
        assertThat(engine.certificates().expiryWarningDays()).isEqualTo(30);
    }

    @Test
    void aValueARecordRefusesArrivesAsItsOwnRefusal() {
        String expected;
        try {
            new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, InboundTls.NO, 10, 5);
            throw new AssertionError("the record takes a 10-byte limit");
        } catch (PosternException e) {
            expected = e.getMessage();
        }
        String listener = "[{\"name\": \"In\", \"kind\": \"PRIVATE\", \"address\": \"127.0.16.151\", \"port\": 2525, "
                + "\"defaultDomain\": \"example.test\", \"acceptedDomains\": [\"example.test\"], \"maxConnections\": 10, "
                + "\"acceptQueue\": 5, \"certificate\": null, \"senderGroups\": [], \"policies\": [{\"name\": \"ACCEPTED\", "
                + "\"action\": \"ACCEPT\", \"tls\": \"NO\", \"maxMessageSize\": 10, \"maxRecipients\": 5}], "
                + "\"defaultPolicy\": \"ACCEPTED\"}]";
        assertThatThrownBy(() -> call("listeners/create", listener))
                .isExactlyInstanceOf(PosternException.class).hasMessage(expected);
        assertThat(engine.listeners().list()).isEmpty();
    }

    @Test
    void theWireCarriesRecordComponentsOnly() throws Exception {
        // isDefault() is derived from the domain: it is no field of the entry
        assertThat(Json.MAPPER.valueToTree(DestinationEntry.defaults()).has("default")).isFalse();
        assertThat(Json.MAPPER.valueToTree(DestinationEntry.defaults()).has("reconnectInClear")).isTrue();
    }
}
