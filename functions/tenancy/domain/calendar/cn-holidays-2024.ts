import { type HolidayYear, daysOff, workdays } from './holiday-year.ts';

/**
 * 2024, under the 2013 version of 《全国年节及纪念日放假办法》 (春节 3 days 初一至初三, 劳动节 1 day).
 * Verified against the notice as printed in 人民日报 2023-10-26 第06版 (新华社 2023-10-25) and the
 * 国务院公报 2023年第31号 text.
 *
 * Note: 除夕 (2024-02-09, a Friday) was NOT a day off; the notice only "encourages" employers to let staff
 * rest that day with annual leave. It is a working day here.
 */
export const CN_HOLIDAYS_2024: HolidayYear = {
  year: 2024,
  version: 'CN-2024.1',
  source: {
    title: '国务院办公厅关于2024年部分节假日安排的通知',
    documentNo: '国办发明电〔2023〕7号',
    issuedOn: '2023-10-25',
    issuer: '国务院办公厅',
  },
  holidays: [
    // 一、元旦：1月1日放假，与周末连休。
    ...daysOff('元旦', '2024-01-01', '2024-01-01'),
    // 二、春节：2月10日至17日放假调休，共8天。
    ...daysOff('春节', '2024-02-10', '2024-02-17'),
    // 三、清明节：4月4日至6日放假调休，共3天。
    ...daysOff('清明节', '2024-04-04', '2024-04-06'),
    // 四、劳动节：5月1日至5日放假调休，共5天。
    ...daysOff('劳动节', '2024-05-01', '2024-05-05'),
    // 五、端午节：6月10日放假，与周末连休。
    ...daysOff('端午节', '2024-06-10', '2024-06-10'),
    // 六、中秋节：9月15日至17日放假调休，共3天。
    ...daysOff('中秋节', '2024-09-15', '2024-09-17'),
    // 七、国庆节：10月1日至7日放假调休，共7天。
    ...daysOff('国庆节', '2024-10-01', '2024-10-07'),
  ],
  makeupWorkdays: [
    ...workdays('春节', '2024-02-04', '2024-02-18'), // 2月4日（星期日）、2月18日（星期日）上班
    ...workdays('清明节', '2024-04-07'), // 4月7日（星期日）上班
    ...workdays('劳动节', '2024-04-28', '2024-05-11'), // 4月28日（星期日）、5月11日（星期六）上班
    ...workdays('中秋节', '2024-09-14'), // 9月14日（星期六）上班
    ...workdays('国庆节', '2024-09-29', '2024-10-12'), // 9月29日（星期日）、10月12日（星期六）上班
  ],
};
