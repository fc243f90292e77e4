/** Messages as producers send them, for the notifications tests (imported only by *.test.ts). */
export const USCC = '91445200MA4W3K7RX7';

/** What the procurement timeline sends each qualified agency when a project is published. */
export const announcement = {
  kind: 'ProjectAnnouncement', key: `P-445203-0001#${USCC}`, tenant: '445203', city: '445200',
  projectId: 'P-445203-0001', projectName: '揭东区某道路工程环境影响评价', serviceItem: { code: 'ZJ-445200-0001', name: '建设项目环境影响报告书编制' },
  agencyUscc: USCC, agencyName: '揭阳市绿源环境科技有限公司', contact: { name: '林晓', phone: '13800138000' },
  closesAt: '2026-03-02T09:00:00Z', announcementUrl: '/portal/445203/projects/P-445203-0001',
};
