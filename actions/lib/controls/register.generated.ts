/* Generated from register.schema.json by `npm run generate`. Do not edit: edit the schema. */

/**
 * A path relative to the repository root, with forward slashes.
 */
export type Path = string;
export type Id = string;

/**
 * The controls register (`policies/controls.yaml`): the frameworks a release answers to, by identifier and version, and each control with the requirements it maps to, its owner role and the evidence that shows it. Standards are named, never quoted.
 */
export interface ControlsRegister {
  /**
   * Version of this format.
   */
  apiVersion: 'release-gates/v1';
  /**
   * What the file is.
   */
  kind: 'ControlsRegister';
  /**
   * The frameworks the controls map to. A new framework, or a new version of one, re-opens every control mapped to it until its evidence is approved again.
   *
   * @minItems 1
   */
  frameworks: {
    /**
     * Short id used by the controls' requirements and by the policy's `required_frameworks`, e.g. `nist-ai-rmf`.
     */
    id: string;
    /**
     * The version of the framework the mapping was made against, e.g. `'1.0'` or `'2023'`, quoted so that YAML keeps it as written.
     */
    version: string;
    /**
     * The framework's published title, e.g. `NIST AI Risk Management Framework`.
     */
    title: string;
    /**
     * Where the framework is published, for the reader.
     */
    url?: string;
  }[];
  /**
   * The controls: what the team does, whom it answers to, and what shows it is done.
   *
   * @minItems 1
   */
  controls: {
    /**
     * Stable id used in reports, e.g. `CTL-EVAL-01`.
     */
    id: string;
    /**
     * What the control does, in the team's own words.
     */
    description: string;
    /**
     * The policy role that owns the control: after a change of its requirements, a holder of this role approves its evidence again.
     */
    owner_role: string;
    /**
     * The requirements the control satisfies, each by framework and the framework's own identifier.
     *
     * @minItems 1
     */
    requirements: {
      /**
       * A framework listed under `frameworks`.
       */
      framework: string;
      /**
       * The requirement's identifier in the framework, e.g. `MEASURE 2.6`, `'6.1.2'` or `Art. 9`: an identifier, never the requirement's text.
       */
      id: string;
    }[];
    /**
     * What shows the control is in place.
     */
    evidence: {
      /**
       * Evidence documents, by path: each one of the compliance gate's `documents`, approved, current and covering the shipped model.
       *
       * @minItems 1
       */
      documents: Path[];
      /**
       * Gates that must pass (or warn) on the same commit.
       */
      gates: ('evals' | 'cards' | 'pii' | 'signoff' | 'rollback-readiness' | 'policy')[];
      /**
       * Eval objectives of the policy (`gates.evals.objectives[].id`) that must pass (or warn) on the same commit.
       */
      objectives: Id[];
      /**
       * Monitoring SLOs of the policy (`monitoring.slos[].id`) that production is watched against.
       */
      slos: Id[];
    };
  }[];
}
