package org.postern.console.listeners;

import java.util.Arrays;
import java.util.List;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.SenderGroup;

/** The add/edit sender-group dialog (LIS-2): name, patterns and policy, checked as you type. */
public final class GroupEditModel {

    private final SenderGroup original;
    private final List<String> otherNames;
    private final List<String> policyNames;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty patterns = new SimpleStringProperty(this, "patterns", "");
    private final StringProperty policy = new SimpleStringProperty(this, "policy");

    public GroupEditModel(SenderGroup original, List<String> otherNames, List<String> policyNames) {
        this.original = original;
        this.otherNames = List.copyOf(otherNames);
        this.policyNames = List.copyOf(policyNames);
        if (original != null) {
            name.set(original.name());
            patterns.set(String.join("\n", original.patterns()));
            policy.set(original.policy());
        } else if (!policyNames.isEmpty()) {
            policy.set(policyNames.getFirst());
        }
    }

    public String nameProblem() {
        String n = name.get() == null ? "" : name.get().strip();
        if (n.isEmpty()) {
            return "enter a name for the sender group";
        }
        if (otherNames.stream().anyMatch(n::equalsIgnoreCase)) {
            return "a sender group named '" + n + "' already exists";
        }
        return null;
    }

    /** The first pattern the engine would refuse, with its reason; null when all pass (LIS-2). */
    public String patternsProblem() {
        for (String p : patterns()) {
            String problem = InputRules.senderPatternProblem(p);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** The patterns of the comma-, space- or line-separated text. */
    private List<String> patterns() {
        String text = patterns.get();
        return text == null ? List.of()
                : Arrays.stream(text.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public String policyProblem() {
        return policy.get() == null || policyNames.stream().noneMatch(policy.get()::equalsIgnoreCase)
                ? "choose the policy for this group" : null;
    }

    public String problem() {
        String p = nameProblem();
        if (p == null) {
            p = patternsProblem();
        }
        return p == null ? policyProblem() : p;
    }

    public SenderGroup group() {
        return new SenderGroup(name.get().strip(), patterns(), policy.get());
    }

    public boolean creating() { return original == null; }
    public List<String> policyNames() { return policyNames; }
    public StringProperty nameProperty() { return name; }
    public StringProperty patternsProperty() { return patterns; }
    public StringProperty policyProperty() { return policy; }
}
