import { type HolidayYear, daysOff, workdays } from './holiday-year.ts';

/**
 * 2026. Dates verified against the notice as released by 新华社 2025-11-04 (光明网
 * politics.gmw.cn/2025-11/04/content_38391083.htm; 中山日报 2025-11-05 A01). The document number
 * 国办发明电〔2025〕7号 is the one cited for this notice by independent holiday data sets that link the
 * 中国政府网 policy library (gov.cn/zhengce/zhengceku/202511/content_7047091.htm); the news release itself
 * does not print it.
 */
export const CN_HOLIDAYS_2026: HolidayYear = {
  year: 2026,
  version: 'CN-2026.1',
  source: {
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    documentNo: '国办发明电〔2025〕7号',
    issuedOn: '2025-11-04',
    issuer: '国务院办公厅',
  },
  holidays: [
    // 一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。
    ...daysOff('元旦', '2026-01-01', '2026-01-03'),
    // 二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    ...daysOff('春节', '2026-02-15', '2026-02-23'),
    // 三、清明节：4月4日（周六）至6日（周一）放假，共3天。
    ...daysOff('清明节', '2026-04-04', '2026-04-06'),
    // 四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。
    ...daysOff('劳动节', '2026-05-01', '2026-05-05'),
    // 五、端午节：6月19日（周五）至21日（周日）放假，共3天。
    ...daysOff('端午节', '2026-06-19', '2026-06-21'),
    // 六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
    ...daysOff('中秋节', '2026-09-25', '2026-09-27'),
    // 七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。
    ...daysOff('国庆节', '2026-10-01', '2026-10-07'),
  ],
  makeupWorkdays: [
    ...workdays('元旦', '2026-01-04'), // 1月4日（周日）上班
    ...workdays('春节', '2026-02-14', '2026-02-28'), // 2月14日（周六）、2月28日（周六）上班
    ...workdays('劳动节', '2026-05-09'), // 5月9日（周六）上班
    ...workdays('国庆节', '2026-09-20', '2026-10-10'), // 9月20日（周日）、10月10日（周六）上班
  ],
};
