// Texts of the console in English and Chinese; every visible or announced word comes from here.
const texts = {
  en: {
    title: 'SmartCity console',
    measureLabel: 'Shade grid cells by',
    'measure.freeParking': 'Free parking share',
    'measure.silentSensors': 'Silent bay sensors',
    'measure.openReports': 'Open reports',
    languageLabel: 'Language',
    'pages.label': 'Pages',
    'pages.citizen': 'Citizen',
    'pages.official': 'Official',
    'pages.supervision': 'Supervision',
    'pages.planner': 'Planner',
    'official.title': 'Official',
    'supervision.title': 'Supervision',
    'planner.title': 'Planner',
    mapLabel: 'Map of the city: click a place to choose it',
    'live.connecting': 'Connecting…',
    'live.open': 'Live',
    'live.error': 'Reconnecting…',
    'legend.noData': 'no data',
    'legend.bays': 'Bays: free / occupied / unknown',
    'citizen.title': 'Citizen',
    'citizen.hint': 'Click the map to choose a place: you will see the nearest free parking and open toilet, and can report a problem there.',
    'citizen.place': 'Chosen place',
    'citizen.locate': 'Use my location',
    'citizen.locateFailed': 'Your location is not available: {error}',
    'citizen.parking': 'Nearest free parking',
    'citizen.toilet': 'Nearest open public toilet',
    'citizen.searching': 'Searching…',
    'citizen.noParking': 'No free bay or car park within 1.5 km.',
    'citizen.noToilet': 'No public toilet open now within 3 km.',
    'citizen.failed': 'The search failed: {error}',
    'citizen.inCell': 'in {cell}',
    'parking.bay': 'Kerbside bay {name}',
    'parking.carPark': '{name}: {spaces} spaces free',
    distance: '{meters} m',
    'report.title': 'Report a problem here',
    'report.category': 'Category',
    'report.description': 'What is wrong?',
    'report.photo': 'Link to a photo (optional)',
    'report.submit': 'File the report',
    'report.sending': 'Sending…',
    'report.filed': 'Report {id} filed. It is now in “My reports”.',
    'report.refused': 'The report was not filed:',
    'report.choose': 'Choose…',
    'mine.title': 'My reports',
    'mine.none': 'You have filed no report from this browser yet.',
    'mine.deadline': 'to be resolved by {time}',
    'mine.overdue': 'overdue',
    'mine.last': 'Latest: {text}',
    'mine.rate': 'Rate the answer',
    'mine.stars': 'Stars',
    'mine.sendRating': 'Send rating',
    'mine.rated': 'Rated {stars} of 5',
    'cell.tooltip': '{name} ({community})',
    'cell.bays': 'Bays {free} free, {occupied} occupied, {unknown} unknown',
    'cell.reports': 'Open reports: {count}',
    'cell.toilets': 'Toilets open: {open} of {total}',
    zoomIn: 'Zoom in',
    zoomOut: 'Zoom out',
    'bay.free': 'free', 'bay.occupied': 'occupied', 'bay.unknown': 'unknown',
    'facility.open': 'open', 'facility.closed': 'closed', 'facility.outOfOrder': 'out of order', 'facility.unknown': 'status unknown',
    'kind.publicToilet': 'Public toilet', 'kind.serviceHall': 'Service hall', 'kind.clinic': 'Clinic', 'kind.school': 'School', 'kind.policePost': 'Police post',
    carPark: 'Car park',
    'status.submitted': 'submitted', 'status.acknowledged': 'acknowledged', 'status.resolved': 'resolved', 'status.reopened': 'reopened', 'status.closed': 'closed',
  },
  zh: {
    title: '智慧城市控制台',
    measureLabel: '网格着色依据',
    'measure.freeParking': '空闲车位比例',
    'measure.silentSensors': '失联车位传感器',
    'measure.openReports': '未办结诉求',
    languageLabel: '语言',
    'pages.label': '页面',
    'pages.citizen': '市民',
    'pages.official': '网格员',
    'pages.supervision': '监督',
    'pages.planner': '规划',
    'official.title': '网格员工作台',
    'supervision.title': '公开监督',
    'planner.title': '规划推演',
    mapLabel: '城市地图：点击地图选择地点',
    'live.connecting': '正在连接…',
    'live.open': '实时',
    'live.error': '正在重新连接…',
    'legend.noData': '无数据',
    'legend.bays': '车位：空闲 / 占用 / 未知',
    'citizen.title': '市民服务',
    'citizen.hint': '点击地图选择地点：可查看最近的空闲车位和开放的公共厕所，并可在此处上报问题。',
    'citizen.place': '所选地点',
    'citizen.locate': '使用我的位置',
    'citizen.locateFailed': '无法获取您的位置：{error}',
    'citizen.parking': '最近的空闲车位',
    'citizen.toilet': '最近的开放公共厕所',
    'citizen.searching': '正在查找…',
    'citizen.noParking': '1.5 公里内没有空闲车位或停车场。',
    'citizen.noToilet': '3 公里内没有正在开放的公共厕所。',
    'citizen.failed': '查找失败：{error}',
    'citizen.inCell': '位于{cell}',
    'parking.bay': '路边车位 {name}',
    'parking.carPark': '{name}：空闲 {spaces} 个',
    distance: '{meters} 米',
    'report.title': '在此上报问题',
    'report.category': '类别',
    'report.description': '问题描述',
    'report.photo': '照片链接（可选）',
    'report.submit': '提交上报',
    'report.sending': '正在提交…',
    'report.filed': '诉求 {id} 已提交，可在“我的诉求”中跟踪。',
    'report.refused': '诉求未能提交：',
    'report.choose': '请选择…',
    'mine.title': '我的诉求',
    'mine.none': '您还没有在此浏览器上报过诉求。',
    'mine.deadline': '办结期限 {time}',
    'mine.overdue': '已超期',
    'mine.last': '最新进展：{text}',
    'mine.rate': '评价处理结果',
    'mine.stars': '星级',
    'mine.sendRating': '提交评价',
    'mine.rated': '已评 {stars} 星（满分 5 星）',
    'cell.tooltip': '{name}（{community}）',
    'cell.bays': '车位：空闲 {free}，占用 {occupied}，未知 {unknown}',
    'cell.reports': '未办结诉求：{count}',
    'cell.toilets': '开放公厕：{open} / {total}',
    zoomIn: '放大',
    zoomOut: '缩小',
    'bay.free': '空闲', 'bay.occupied': '占用', 'bay.unknown': '未知',
    'facility.open': '开放', 'facility.closed': '关闭', 'facility.outOfOrder': '故障', 'facility.unknown': '状态未知',
    'kind.publicToilet': '公共厕所', 'kind.serviceHall': '便民服务中心', 'kind.clinic': '社区卫生服务站', 'kind.school': '学校', 'kind.policePost': '警务室',
    carPark: '停车场',
    'status.submitted': '已提交', 'status.acknowledged': '已受理', 'status.resolved': '已办结', 'status.reopened': '已重新打开', 'status.closed': '已关闭',
  },
};

// The city's report categories come in English from the twin; these are their Chinese names.
const categoryNames = {
  zh: {
    'road-damage': '道路或人行道损坏', streetlight: '路灯故障', 'illegal-parking': '违章停车', garbage: '垃圾堆放',
    'street-vending': '占道经营', 'illegal-advertising': '违规广告', noise: '噪声扰民', 'water-leak': '供水管道漏水',
    'blocked-drain': '排水堵塞', 'public-toilet': '公共厕所问题', 'abandoned-vehicle': '废弃车辆', 'green-space': '绿地损坏',
    'building-safety': '房屋安全隐患',
  },
};

// The categories' questions (their Open311 attributes) and answers also come in English only:
// these are their Chinese words, by category code, attribute code and answer key.
const attributeTexts = {
  zh: {
    'road-damage': {
      size: { description: '损坏面积有多大？', values: { small: '比鞋子小', medium: '不超过车轮大小', large: '比车轮大' } },
      danger: { description: '现在是否对行人或车辆构成危险？', values: { yes: '是', no: '否' } },
    },
    streetlight: { pole: { description: '灯杆上喷涂的编号（如能看到）。' } },
    noise: {
      source: { description: '噪声来自哪里？', values: { construction: '施工作业', music: '音乐或高音喇叭', traffic: '交通或车辆', other: '其他' } },
    },
    'public-toilet': { facility: { description: '标牌上的设施编号，例如 facility:XH-toilet-031。' } },
  },
};

/**
 * Adds a page's own texts ({ en: {...}, zh: {...} }), so each page keeps its words in its own file.
 * A key already taken is a mistake and fails loudly.
 */
export function addTexts(more) {
  for (const [lang, entries] of Object.entries(more)) {
    for (const [key, text] of Object.entries(entries)) {
      if (key in texts[lang]) throw new Error(`The text "${key}" (${lang}) is defined twice.`);
      texts[lang][key] = text;
    }
  }
}

const listeners = [];
let language = chooseLanguage();

function chooseLanguage() {
  const saved = localStorage.getItem('smartcity.language');
  if (saved === 'en' || saved === 'zh') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function currentLanguage() { return language; }

/** The text for a key in the current language, with {name} placeholders filled in. */
export function t(key, values = {}) {
  const text = texts[language][key] ?? texts.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

export function categoryName(category) {
  return categoryNames[language]?.[category.code] ?? category.name;
}

/** A category's question in the current language (the twin's English when no translation is known). */
export function attributeDescription(categoryCode, attribute) {
  return attributeTexts[language]?.[categoryCode]?.[attribute.code]?.description ?? attribute.description;
}

/** One answer to a category's question in the current language. */
export function attributeValueName(categoryCode, attributeCode, value) {
  return attributeTexts[language]?.[categoryCode]?.[attributeCode]?.values?.[value.key] ?? value.name;
}

export function formatTime(iso) {
  return new Date(iso).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'short', timeStyle: 'short' });
}

export function setLanguage(next) {
  language = next === 'zh' ? 'zh' : 'en';
  localStorage.setItem('smartcity.language', language);
  applyTexts(document);
  for (const listener of listeners) listener(language);
}

export function onLanguageChange(listener) { listeners.push(listener); }

/** Fills in every element marked data-i18n (its text) or data-i18n-aria (its aria-label). */
export function applyTexts(root) {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
}
