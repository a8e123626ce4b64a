package org.rnn4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How every command's option list is drawn: a required option never shows a default, an option whose
 * default is computed (a task's setting, left null so that a resumed run's setting stays) shows it
 * from {@link ComputedDefaults}, and a command made of {@link Grouped} mixins lists them under headings.
 * Installed on every command by {@link #install}.
 */
final class HelpLayout implements CommandLine.IHelpSectionRenderer {

    /** A command whose options' defaults are computed, not written in the annotations. */
    interface ComputedDefaults {
        /** Default text by option name ({@code --hidden} → {@code 256}); options absent here show their own. */
        Map<String, String> helpDefaults();
    }

    /** A mixin whose options the help lists under a heading of their own. */
    interface Grouped {
        /** The heading, e.g. {@code Network}. */
        String helpHeading();
    }

    private HelpLayout() {
    }

    /** Draws the option list of {@code cmd} and of all its subcommands this way. */
    static void install(CommandLine cmd) {
        cmd.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, new HelpLayout());
        for (CommandLine sub : cmd.getSubcommands().values()) {
            install(sub);
        }
    }

    @Override
    public String render(Help help) {
        CommandSpec spec = help.commandSpec();
        Map<String, String> defaults = spec.userObject() instanceof ComputedDefaults c
                ? c.helpDefaults()
                : Map.of();
        StringBuilder s = new StringBuilder();
        Map<String, List<OptionSpec>> groups = groups(spec);
        boolean first = true;
        for (Map.Entry<String, List<OptionSpec>> g : groups.entrySet()) {
            Help.Layout layout = help.createDefaultLayout();
            for (OptionSpec o : g.getValue()) {
                layout.addOption(forHelp(o, defaults), help.createDefaultParamLabelRenderer());
            }
            if (!g.getKey().isEmpty()) {
                s.append("\n").append(g.getKey()).append(":\n");
            }
            s.append(layout);
            first = false;
        }
        return s.toString();
    }

    /**
     * The visible options: first those of the command itself (and of ungrouped mixins), then each
     * {@link Grouped} mixin's under its heading, then help and version; keyed by heading, "" for none.
     */
    private static Map<String, List<OptionSpec>> groups(CommandSpec spec) {
        Map<OptionSpec, String> heading = new LinkedHashMap<>();
        collectHeadings(spec, heading);
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            if (!o.hidden()) {
                options.add(o);
            }
        }
        if (spec.usageMessage().sortOptions()) {
            options.sort(Help.createShortOptionNameComparator());
        }
        String own = heading.isEmpty()
                ? ""
                : "Options of '" + spec.qualifiedName(" ").replaceFirst("^\\S+ ", "")
                        + "'";
        Set<String> order = new LinkedHashSet<>();
        order.add(own);
        order.addAll(heading.values());
        String standard = heading.isEmpty() ? "" : "Help";
        order.add(standard);
        Map<String, List<OptionSpec>> groups = new LinkedHashMap<>();
        for (String h : order) {
            groups.put(h, new ArrayList<>());
        }
        for (OptionSpec o : options) {
            String h = heading.get(o);
            if (h == null) {
                h = o.usageHelp() || o.versionHelp() || o.inherited() ? standard : own;
            }
            groups.get(h).add(o);
        }
        groups.values().removeIf(List::isEmpty);
        return groups;
    }

    /** The options of every {@link Grouped} mixin, nested ones included, by their heading. */
    private static void collectHeadings(CommandSpec spec, Map<OptionSpec, String> heading) {
        for (CommandSpec mixin : spec.mixins().values()) {
            // the innermost group names an option: Network inside the options every train task shares
            collectHeadings(mixin, heading);
            if (mixin.userObject() instanceof Grouped g) {
                for (OptionSpec o : mixin.options()) {
                    heading.putIfAbsent(findIn(spec, o), g.helpHeading());
                }
            }
        }
    }

    /** The command's own spec of a mixin's option (the same object, looked up by name to be sure). */
    private static OptionSpec findIn(CommandSpec spec, OptionSpec o) {
        OptionSpec own = spec.findOption(o.longestName());
        return own != null ? own : o;
    }

    /**
     * The option as its help shows it: a required one without a default, one with a computed default
     * with that default. A copy for rendering only; parsing uses the original.
     */
    private static OptionSpec forHelp(OptionSpec o, Map<String, String> defaults) {
        String computed = defaults.get(o.longestName());
        boolean describesItsDefault = String.join(" ", o.description()).contains("Default:");
        if (!o.required() && (computed == null || describesItsDefault)) {
            return o;
        }
        // description() returns the text after formatting; the copy is formatted again
        String[] description = java.util.Arrays.stream(o.description()).map(d -> d.replace("%", "%%"))
                .toArray(String[]::new);
        OptionSpec.Builder b = o.toBuilder().description(description).descriptionKey("");
        if (o.required()) {
            b.showDefaultValue(Help.Visibility.NEVER);
        } else {
            b.defaultValue(computed).showDefaultValue(Help.Visibility.ALWAYS);
        }
        return b.build();
    }
}
