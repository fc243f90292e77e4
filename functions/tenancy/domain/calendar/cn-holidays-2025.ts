import { type HolidayYear, daysOff, workdays } from './holiday-year.ts';

/**
 * 2025, the first year under 《全国年节及纪念日放假办法》 as amended in November 2024 (国务院令, in force
 * 2025-01-01): two more statutory days off — 农历除夕 (春节 is now 4 days: 除夕、正月初一至初三) and
 * 5月2日 (劳动节 is now 2 days: 5月1日、2日) — and a new article: 调休 should normally not make anyone work
 * more than 6 consecutive days around a holiday. The notice also states the 调休 principles since 2025:
 * 春节 8 days from 除夕, 国庆 7 days from 10-01, 劳动节 5 days, the others 3 days (only the day itself when it
 * is a Wednesday), 国庆+中秋 merged into 8 days when they meet.
 *
 * Verified against the notice as released by 新华社 2024-11-12 (光明网 m.gmw.cn/2024-11/12/content_1303894933.htm).
 */
export const CN_HOLIDAYS_2025: HolidayYear = {
  year: 2025,
  version: 'CN-2025.1',
  source: {
    title: '国务院办公厅关于2025年部分节假日安排的通知',
    documentNo: '国办发明电〔2024〕12号',
    issuedOn: '2024-11-12',
    issuer: '国务院办公厅',
  },
  holidays: [
    // 一、元旦：1月1日（周三）放假1天，不调休。
    ...daysOff('元旦', '2025-01-01', '2025-01-01'),
    // 二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    ...daysOff('春节', '2025-01-28', '2025-02-04'),
    // 三、清明节：4月4日（周五）至6日（周日）放假，共3天。
    ...daysOff('清明节', '2025-04-04', '2025-04-06'),
    // 四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。
    ...daysOff('劳动节', '2025-05-01', '2025-05-05'),
    // 五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
    ...daysOff('端午节', '2025-05-31', '2025-06-02'),
    // 六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。
    ...daysOff('国庆节、中秋节', '2025-10-01', '2025-10-08'),
  ],
  makeupWorkdays: [
    ...workdays('春节', '2025-01-26', '2025-02-08'), // 1月26日（周日）、2月8日（周六）上班
    ...workdays('劳动节', '2025-04-27'), // 4月27日（周日）上班
    ...workdays('国庆节、中秋节', '2025-09-28', '2025-10-11'), // 9月28日（周日）、10月11日（周六）上班
  ],
};
