// The supervision page (being built: issue 8).
export class SupervisionPage {
  shown() {}
}
