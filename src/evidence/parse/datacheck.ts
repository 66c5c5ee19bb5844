// What a data validation result says, whichever tool wrote it (Great Expectations, Evidently test
// suites, Deepchecks): the one shape the `datachecks` kind judges.

/** One expectation or test, as the tool named it; its text comes from evidence and stays inert. */
export interface DataCheckCase {
  /** e.g. `expect_column_values_to_not_be_null(column=age)`, Evidently's test name, Deepchecks' check header. */
  name: string;
  status: "passed" | "failed" | "error" | "skipped";
  /** Why it failed or could not run, when the file says (clipped). */
  detail?: string;
}

export interface DataCheckResult {
  /** Which tool and shape, e.g. `Great Expectations 1.x validation result`, `Evidently test suite`. */
  format: string;
  /** Every expectation or test the file holds, in file order. */
  cases: DataCheckCase[];
}
