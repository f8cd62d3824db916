// The official page (being built: issue 8).
export class OfficialPage {
  shown() {}
}
