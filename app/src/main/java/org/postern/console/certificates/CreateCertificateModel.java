package org.postern.console.certificates;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;

/**
 * The "create self-signed certificate" wizard (CERT-2..4, CON-3): fields, checks as you type
 * (the engine's own {@link InputRules}, so the form says what the engine would say), and the
 * creation itself, which can be cancelled while the key is generated.
 */
public final class CreateCertificateModel {

    private final CertificateApi api;
    private final TaskExecutor executor;
    private final Supplier<List<String>> existingNames;

    private final StringProperty commonName = new SimpleStringProperty(this, "commonName", "");
    private final StringProperty dnsNames = new SimpleStringProperty(this, "dnsNames", "");
    private final StringProperty organization = new SimpleStringProperty(this, "organization", "");
    private final StringProperty organizationalUnit = new SimpleStringProperty(this, "organizationalUnit", "");
    private final StringProperty city = new SimpleStringProperty(this, "city", "");
    private final StringProperty state = new SimpleStringProperty(this, "state", "");
    private final StringProperty country = new SimpleStringProperty(this, "country", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final BooleanProperty fqdnCheck = new SimpleBooleanProperty(this, "fqdnCheck", true);
    private final IntegerProperty validityDays = new SimpleIntegerProperty(this, "validityDays", 365);
    private final ObjectProperty<KeyType> keyType = new SimpleObjectProperty<>(this, "keyType", KeyType.RSA_2048);
    private final BooleanProperty allowLegacy = new SimpleBooleanProperty(this, "allowLegacy", false);
    private final ObservableList<KeyType> keyTypes = FXCollections.observableArrayList();
    private final Operation<CertificateSummary> creation = new Operation<>();
    /** The SAN field follows the CN until the administrator edits it. */
    private boolean dnsNamesFollowCn = true;
    private boolean updatingDnsNames;

    public CreateCertificateModel(CertificateApi api, TaskExecutor executor, Supplier<List<String>> existingNames) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.existingNames = Objects.requireNonNull(existingNames);
        updateKeyTypes();
        allowLegacy.addListener((o, a, b) -> updateKeyTypes());
        commonName.addListener((o, a, cn) -> {
            if (dnsNamesFollowCn) {
                updatingDnsNames = true;
                dnsNames.set(cn == null ? "" : cn.trim());
                updatingDnsNames = false;
            }
        });
        dnsNames.addListener((o, a, b) -> {
            if (!updatingDnsNames) {
                dnsNamesFollowCn = false;
            }
        });
    }

    private void updateKeyTypes() {
        List<KeyType> types = new ArrayList<>(Arrays.stream(KeyType.values()).filter(k -> !k.legacy()).toList());
        if (allowLegacy.get()) {
            types.add(KeyType.LEGACY_RSA_1024);
        }
        keyTypes.setAll(types);
        if (keyType.get() == null || !types.contains(keyType.get())) {
            keyType.set(KeyType.RSA_2048);
        }
    }

    // ------------------------------------------------------------ validation

    public String commonNameProblem() {
        String cn = commonName.get();
        if (cn == null || cn.isBlank()) {
            return "Enter the common name: the host name clients connect to, e.g. mail.example.com";
        }
        return InputRules.commonNameProblem(cn, fqdnCheck.get());
    }

    public String dnsNamesProblem() {
        for (String san : splitNames(dnsNames.get())) {
            String problem = InputRules.dnsNameProblem(san, fqdnCheck.get());
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    public String countryProblem() {
        return InputRules.countryProblem(country.get());
    }

    /** The first subject attribute beyond its RFC 5280 bound (organization, unit, city, state), or null. */
    public String subjectFieldsProblem() {
        return firstOf(InputRules.organizationProblem(organization.get()),
                InputRules.organizationalUnitProblem(organizationalUnit.get()), InputRules.cityProblem(city.get()),
                InputRules.stateProblem(state.get()));
    }

    public String nameProblem() {
        if (effectiveName().isEmpty()) {
            return null;
        }
        return InputRules.certificateEntryNameProblem(name.get(), effectiveName(), existingNames.get());
    }

    public String validityProblem() {
        return InputRules.validityDaysProblem(validityDays.get());
    }

    public String keyProblem() {
        KeyType key = keyType.get();
        if (key == null) {
            return "Choose a key type";
        }
        if (key.legacy() && !allowLegacy.get()) {
            return "RSA 1024 needs the legacy option";
        }
        return null;
    }

    /** The first problem of the subject page, or null. */
    public String subjectPageProblem() {
        return firstOf(commonNameProblem(), dnsNamesProblem(), countryProblem(), subjectFieldsProblem(), nameProblem());
    }

    public String keyPageProblem() {
        return firstOf(validityProblem(), keyProblem());
    }

    /** Shown on the key page when RSA 1024 is chosen. */
    public String keyWarning() {
        KeyType key = keyType.get();
        return key != null && key.legacy() ? KeyType.LEGACY_WARNING : null;
    }

    private static String firstOf(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    // ------------------------------------------------------------ the request

    /** The name the entry will get: the one typed, else the CN (CERT-4). */
    public String effectiveName() {
        String n = name.get() == null ? "" : name.get().trim();
        if (!n.isEmpty()) {
            return n;
        }
        return commonName.get() == null ? "" : commonName.get().trim();
    }

    /** SAN dNSNames of the certificate: the CN first (always), then the others typed. */
    public List<String> allDnsNames() {
        List<String> names = new ArrayList<>();
        String cn = commonName.get() == null ? "" : commonName.get().trim();
        if (!cn.isEmpty()) {
            names.add(cn);
        }
        for (String san : splitNames(dnsNames.get())) {
            if (names.stream().noneMatch(n -> n.equalsIgnoreCase(san))) {
                names.add(san);
            }
        }
        return names;
    }

    /** Names separated by commas, semicolons, spaces or new lines; duplicates dropped, order kept. */
    static List<String> splitNames(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,;\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    public NewCertificateRequest request() {
        String cn = commonName.get().trim();
        List<String> extra = allDnsNames().stream().filter(n -> !n.equalsIgnoreCase(cn)).toList();
        return new NewCertificateRequest(blankToNull(name.get()), cn, extra,
                blankToNull(organization.get()), blankToNull(organizationalUnit.get()),
                blankToNull(city.get()), blankToNull(state.get()),
                country.get() == null || country.get().isBlank() ? null : country.get().trim().toUpperCase(Locale.ROOT),
                validityDays.get(), keyType.get(), fqdnCheck.get());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Summary lines for the last page before creation. */
    public List<String[]> summary() {
        NewCertificateRequest r = request();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Name", effectiveName()});
        rows.add(new String[] {"Common name", r.commonName()});
        rows.add(new String[] {"DNS names (SAN)", String.join(", ", allDnsNames())});
        rows.add(new String[] {"Organization", orDash(r.organization())});
        rows.add(new String[] {"Organizational unit", orDash(r.organizationalUnit())});
        rows.add(new String[] {"City", orDash(r.city())});
        rows.add(new String[] {"State or province", orDash(r.state())});
        rows.add(new String[] {"Country", orDash(r.country())});
        rows.add(new String[] {"Key", r.keyType().label()});
        rows.add(new String[] {"Validity", r.validityDays() + " days"});
        rows.add(new String[] {"FQDN check", r.fqdnCheck() ? "on" : "off"});
        return rows;
    }

    private static String orDash(String s) {
        return s == null ? "—" : s;
    }

    /**
     * Creates the certificate in the background. Key generation cannot be interrupted inside the
     * engine; if the administrator cancels meanwhile, the entry created is removed again, so a
     * cancelled wizard leaves nothing behind.
     */
    public void create(Runnable onCreated) {
        NewCertificateRequest request = request();
        KeyType key = request.keyType();
        creation.start(executor, "Generating " + key.label() + " key and certificate…", progress -> {
            progress.update(-1, "Generating " + key.label() + " key and certificate…");
            CertificateSummary created = api.createSelfSigned(request);
            if (progress.isCancelled()) {
                api.delete(created.name());
                progress.checkCancelled();
            }
            return created;
        }, created -> onCreated.run());
    }

    // ------------------------------------------------------------ properties

    public StringProperty commonNameProperty() { return commonName; }
    public StringProperty dnsNamesProperty() { return dnsNames; }
    public StringProperty organizationProperty() { return organization; }
    public StringProperty organizationalUnitProperty() { return organizationalUnit; }
    public StringProperty cityProperty() { return city; }
    public StringProperty stateProperty() { return state; }
    public StringProperty countryProperty() { return country; }
    public StringProperty nameProperty() { return name; }
    public BooleanProperty fqdnCheckProperty() { return fqdnCheck; }
    public IntegerProperty validityDaysProperty() { return validityDays; }
    public ObjectProperty<KeyType> keyTypeProperty() { return keyType; }
    public BooleanProperty allowLegacyProperty() { return allowLegacy; }
    public ObservableList<KeyType> keyTypes() { return keyTypes; }
    public Operation<CertificateSummary> creation() { return creation; }
}
