// The planner page (being built: issue 8).
export class PlannerPage {
  shown() {}
}
