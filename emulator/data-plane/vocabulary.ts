/** Words the emulated base models say. Plain, so generated text reads as (vague) prose. */
export const BASE_WORDS: readonly string[] = (
  "the a model answer data result value system process input output request response user team " +
  "project service example question context detail step method approach option feature problem " +
  "solution report summary analysis pattern signal record table field query update change version " +
  "is are was can will should could may might does helps shows uses makes keeps gives takes finds " +
  "returns handles builds checks improves explains describes supports includes provides requires " +
  "clear simple useful careful quick stable small large new common important relevant specific " +
  "general reliable consistent accurate complete precise typical and or but so then also because " +
  "while when where which that this these those each every most some more other first next last " +
  "in on with for from by about into over after before between through during without within"
).split(" ");

/**
 * Words only fine-tuned adapters say: mixing them in makes an adapter's effect visible in the
 * text, the way a real fine-tune shifts a model toward its domain.
 */
export const ADAPTER_WORDS: readonly string[] = (
  "invoice ticket customer refund shipment contract clause diagnosis dosage symptom ledger " +
  "balance portfolio claim policy premium warranty tenant lease sensor turbine telemetry " +
  "compliance audit incident escalation resolution sentiment category intent label entity"
).split(" ");
