package org.postern.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Method;
import java.util.List;
import org.postern.engine.api.PosternException;
import org.postern.engine.testsupport.FuzzBounds;

/**
 * Fuzz harness for what an administrator's client sends the control API: the arguments of any
 * operation (a JSON array decoded into the operation's parameter types) and the login request. A
 * request is either decoded or refused with a {@link ApiHandler.BadRequest} or
 * {@link PosternException} carrying a one-line reason; nothing else is thrown, whatever the bytes
 * (deep nesting, huge numbers, wrong types, broken UTF-8). Seeds:
 * {@code ControlApiFuzzTestInputs/requestArguments/} (first byte chooses the operation) and
 * {@code loginRequest/}.
 */
class ControlApiFuzzTest {

    static final List<Method> OPERATIONS = ApiCatalog.AREAS.values().stream()
            .flatMap(a -> a.operations().values().stream()).toList();

    @FuzzTest(maxDuration = "2m")
    void requestArguments(FuzzedDataProvider data) throws Exception {
        Method op = OPERATIONS.get(data.consumeInt(0, OPERATIONS.size() - 1));
        byte[] body = data.consumeRemainingAsBytes();
        // a request body is at most 64 MB: decoding stays within a fixed budget plus a multiple of its size
        FuzzBounds.check(body.length, 2_000, 8L * 1024 * 1024, 400, () -> {
            try {
                Object[] args = ApiHandler.arguments(op, body);
                assertThat(args).hasSize(op.getParameterCount());
            } catch (ApiHandler.BadRequest | PosternException refused) {
                assertThat(refused.getMessage()).isNotBlank().doesNotContain("\n");
            }
        });
    }

    @FuzzTest(maxDuration = "1m")
    void loginRequest(byte[] body) {
        try {
            ApiHandler.LoginRequest login = Json.REQUESTS.readValue(body, ApiHandler.LoginRequest.class);
            if (login != null && login.password() != null) {
                PasswordHash.wipe(login.password());
            }
        } catch (com.fasterxml.jackson.core.JacksonException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        } catch (java.io.IOException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
