package dev.baton.scheduler.importer;

/**
 * A value of a Pacemaker configuration that Pacemaker itself refuses (crm_simulate exits with an error): it names
 * the element and the attribute, in one line. Values Pacemaker tolerates never raise it; they are handled as
 * Pacemaker handles them and reported as warnings.
 */
public final class ImportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String element;
    private final String attribute;

    /**
     * @param element   the element as a user finds it: {@code rsc_order id=o1}, or a crm command ({@code order o1})
     * @param attribute the attribute (or crm token) at fault; null when the element itself is
     */
    public ImportException(String element, String attribute, String reason) {
        super(element + (attribute == null ? "" : ": " + attribute) + ": " + reason);
        this.element = element;
        this.attribute = attribute;
    }

    public String element() {
        return element;
    }

    public String attribute() {
        return attribute;
    }
}
