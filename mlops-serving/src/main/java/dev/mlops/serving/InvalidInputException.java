package dev.mlops.serving;

/**
 * The inputs of a prediction do not match the model's signature (unknown or missing name, element type, rank, fixed
 * dimension, data length, batch above the maximum). Thrown before any native code runs.
 */
public class InvalidInputException extends ServingException {
    private static final long serialVersionUID = 1L;
    private final String inputName;
    private final String expected;
    private final String given;

    /** An exception naming the input, what the signature expects and what was given. */
    public InvalidInputException(String inputName, String expected, String given, String message) {
        super(message);
        this.inputName = inputName;
        this.expected = expected;
        this.given = given;
    }

    /** The input at fault (may be empty when the problem concerns the set of inputs). */
    public String inputName() {
        return inputName;
    }

    /** What the signature expects. */
    public String expected() {
        return expected;
    }

    /** What was given. */
    public String given() {
        return given;
    }
}
