/**
 * The words of the demo's cell life: what cells meet about, their draft resolutions, members' opinions,
 * the tasks they hand out, and the documents superiors send down. `{m}` is the meeting's month
 * ("11/2025"), `{prev}` the month before it and `{next}` the month after.
 */

export interface Theme {
  /** The regular meeting's topic after "Sinh hoạt chi bộ tháng {m}: ". */
  topic: string;
  /** The agenda item the theme adds. */
  item: string;
  /** Whether that item is put to a vote, and how ('secret' for people, 'open' for decisions). */
  itemVote: 'none' | 'open' | 'secret';
  /** Draft paragraphs on the theme (the draft takes the first 1–4 of them). */
  paragraphs: string[];
  /** How the adopted resolution words the same paragraphs. */
  resolved: string[];
  comments: string[];
  tasks: string[];
}

export const THEMES: Theme[] = [
  {
    topic: 'xem xét đề nghị kết nạp đảng viên mới',
    item: 'Xem xét, biểu quyết đề nghị kết nạp quần chúng ưu tú vào Đảng',
    itemVote: 'secret',
    paragraphs: [
      'Chi bộ đã thẩm tra lý lịch, lấy ý kiến nhận xét của các đoàn thể và nơi cư trú đối với quần chúng được đề nghị kết nạp; quần chúng đã hoàn thành lớp bồi dưỡng nhận thức về Đảng.',
      'Đề nghị cấp ủy cấp trên xem xét, ra quyết định kết nạp quần chúng ưu tú vào Đảng sau khi chi bộ biểu quyết với trên hai phần ba số đảng viên chính thức tán thành.',
      'Phân công hai đảng viên chính thức giúp đỡ quần chúng trong thời gian chuẩn bị kết nạp và mười hai tháng dự bị.',
      'Tiếp tục tạo nguồn phát triển đảng viên trong đoàn viên thanh niên, hội viên các đoàn thể; phấn đấu hoàn thành chỉ tiêu kết nạp đảng viên của năm.',
    ],
    resolved: [
      'Chi bộ thống nhất kết quả thẩm tra lý lịch và nhận xét của các đoàn thể, nơi cư trú; quần chúng đủ tiêu chuẩn, điều kiện để được kết nạp vào Đảng.',
      'Chi bộ biểu quyết đề nghị cấp ủy cấp trên ra quyết định kết nạp; kết quả biểu quyết được ghi vào biên bản cuộc họp.',
      'Giao hai đồng chí đảng viên chính thức tiếp tục giúp đỡ quần chúng trong thời gian dự bị.',
      'Các đoàn thể tiếp tục giới thiệu đoàn viên, hội viên ưu tú để chi bộ bồi dưỡng, tạo nguồn kết nạp.',
    ],
    comments: [
      'Đề nghị bổ sung nhận xét của chi đoàn thanh niên nơi quần chúng sinh hoạt.',
      'Thống nhất đề nghị kết nạp; quần chúng tích cực, gương mẫu trong công việc.',
      'Đề nghị ghi rõ thời gian quần chúng hoàn thành lớp bồi dưỡng nhận thức về Đảng.',
      'Nên phân công đảng viên giúp đỡ là người cùng nơi công tác để theo dõi sát hơn.',
    ],
    tasks: [
      'Hoàn thiện hồ sơ đề nghị kết nạp đảng viên gửi cấp ủy cấp trên',
      'Giúp đỡ quần chúng ưu tú trong thời gian chuẩn bị kết nạp',
      'Rà soát, lập danh sách quần chúng ưu tú tạo nguồn phát triển đảng viên',
    ],
  },
  {
    topic: 'học tập, quán triệt nghị quyết của cấp ủy cấp trên',
    item: 'Quán triệt nghị quyết, chỉ thị mới của cấp ủy cấp trên',
    itemVote: 'none',
    paragraphs: [
      'Một trăm phần trăm đảng viên trong chi bộ nghiên cứu, học tập nghị quyết; mỗi đảng viên viết bản thu hoạch và đăng ký việc làm cụ thể để thực hiện.',
      'Chi bộ xây dựng chương trình hành động thực hiện nghị quyết phù hợp với nhiệm vụ chính trị của địa phương, đơn vị.',
      'Tuyên truyền nội dung nghị quyết đến quần chúng nhân dân qua các buổi sinh hoạt đoàn thể và hệ thống loa truyền thanh.',
      'Định kỳ hằng quý chi bộ kiểm tra, đánh giá kết quả thực hiện nghị quyết gắn với việc thực hiện nhiệm vụ của từng đảng viên.',
    ],
    resolved: [
      'Chi bộ đã tổ chức học tập nghị quyết cho toàn thể đảng viên; đảng viên hoàn thành bản thu hoạch và đăng ký việc làm cụ thể.',
      'Thông qua chương trình hành động thực hiện nghị quyết của chi bộ.',
      'Các đoàn thể chủ động tuyên truyền nghị quyết đến hội viên và nhân dân.',
      'Chi bộ kiểm tra, đánh giá việc thực hiện nghị quyết hằng quý.',
    ],
    comments: [
      'Đề nghị bố trí thời gian học tập vào buổi tối để đảng viên đi làm xa tham dự được.',
      'Nên đưa tài liệu nghị quyết lên sổ tay đảng viên để đảng viên nghiên cứu trước.',
      'Bản thu hoạch cần gắn với việc làm cụ thể, tránh chung chung.',
      'Đề nghị giao chỉ tiêu tuyên truyền cụ thể cho từng đoàn thể.',
    ],
    tasks: [
      'Hoàn thành bản thu hoạch học tập nghị quyết',
      'Tuyên truyền nghị quyết đến hội viên trong đoàn thể phụ trách',
      'Dự thảo chương trình hành động thực hiện nghị quyết',
    ],
  },
  {
    topic: 'thực hiện nhiệm vụ phát triển kinh tế của địa phương, đơn vị',
    item: 'Bàn giải pháp thực hiện nhiệm vụ phát triển kinh tế',
    itemVote: 'open',
    paragraphs: [
      'Phấn đấu hoàn thành các chỉ tiêu kinh tế năm đã đề ra; tập trung chỉ đạo sản xuất, kinh doanh, chuyển đổi cơ cấu cây trồng, vật nuôi theo hướng hàng hóa.',
      'Vận động nhân dân, người lao động tham gia các mô hình kinh tế hiệu quả; nhân rộng các điển hình sản xuất, kinh doanh giỏi.',
      'Phối hợp với các ngân hàng, tổ chức tín dụng giúp hộ gia đình, người lao động tiếp cận vốn vay ưu đãi.',
      'Mỗi đảng viên gương mẫu đi đầu trong phát triển kinh tế gia đình và vận động quần chúng cùng thực hiện.',
    ],
    resolved: [
      'Chi bộ thống nhất các giải pháp phấn đấu hoàn thành chỉ tiêu kinh tế năm.',
      'Giao các đoàn thể vận động nhân dân, người lao động tham gia các mô hình kinh tế hiệu quả.',
      'Phối hợp hỗ trợ hộ gia đình, người lao động tiếp cận vốn vay ưu đãi.',
      'Đảng viên gương mẫu phát triển kinh tế gia đình, vận động quần chúng cùng thực hiện.',
    ],
    comments: [
      'Đề nghị bổ sung chỉ tiêu cụ thể về số hộ tham gia mô hình kinh tế mới.',
      'Cần nêu rõ đơn vị phối hợp về vốn vay và thời gian thực hiện.',
      'Nên có biện pháp hỗ trợ tiêu thụ sản phẩm cho bà con.',
      'Thống nhất với dự thảo; đề nghị giao đoàn thanh niên hỗ trợ bán hàng trực tuyến.',
    ],
    tasks: [
      'Khảo sát nhu cầu vay vốn của các hộ gia đình, người lao động',
      'Xây dựng mô hình kinh tế điểm để nhân rộng',
      'Tổng hợp kết quả thực hiện chỉ tiêu kinh tế quý',
    ],
  },
  {
    topic: 'bảo đảm an ninh chính trị, trật tự an toàn xã hội',
    item: 'Công tác bảo đảm an ninh, trật tự trên địa bàn',
    itemVote: 'none',
    paragraphs: [
      'Duy trì hiệu quả phong trào toàn dân bảo vệ an ninh Tổ quốc; phát huy vai trò của tổ an ninh trật tự cơ sở và tổ tự quản.',
      'Tăng cường tuyên truyền phòng, chống tội phạm, tệ nạn xã hội, lừa đảo qua mạng và bảo đảm an toàn giao thông.',
      'Nắm chắc tình hình, kịp thời hòa giải các mâu thuẫn trong nhân dân ngay từ cơ sở, không để phát sinh điểm nóng.',
      'Đảng viên gương mẫu chấp hành pháp luật, vận động gia đình và quần chúng cùng thực hiện.',
    ],
    resolved: [
      'Chi bộ tiếp tục lãnh đạo phong trào toàn dân bảo vệ an ninh Tổ quốc, phát huy vai trò tổ an ninh trật tự cơ sở.',
      'Đẩy mạnh tuyên truyền phòng, chống tội phạm, lừa đảo qua mạng và an toàn giao thông.',
      'Kịp thời hòa giải mâu thuẫn trong nhân dân ngay từ cơ sở.',
      'Đảng viên gương mẫu chấp hành pháp luật và vận động quần chúng cùng thực hiện.',
    ],
    comments: [
      'Đề nghị bổ sung nội dung tuyên truyền về lừa đảo qua điện thoại, nhất là với người cao tuổi.',
      'Cần tăng cường tuần tra vào ban đêm ở các tuyến đường vắng.',
      'Thống nhất; đề nghị phối hợp với công an xã tổ chức buổi tuyên truyền tại nhà văn hóa.',
      'Nên phân công đảng viên theo dõi từng cụm dân cư.',
    ],
    tasks: [
      'Phối hợp tổ chức buổi tuyên truyền phòng, chống lừa đảo qua mạng',
      'Nắm tình hình an ninh trật tự tại cụm dân cư được phân công',
      'Hòa giải vụ việc mâu thuẫn phát sinh tại cơ sở',
    ],
  },
  {
    topic: 'xây dựng, chỉnh đốn Đảng và nâng cao chất lượng sinh hoạt chi bộ',
    item: 'Tự phê bình và phê bình; nâng cao chất lượng sinh hoạt chi bộ',
    itemVote: 'none',
    paragraphs: [
      'Tiếp tục thực hiện nghiêm các quy định về trách nhiệm nêu gương của cán bộ, đảng viên; giữ nghiêm kỷ luật, kỷ cương trong chi bộ.',
      'Nâng cao chất lượng sinh hoạt chi bộ: chuẩn bị nội dung chu đáo, gửi tài liệu trước để đảng viên nghiên cứu, phát huy dân chủ trong thảo luận.',
      'Thực hiện tốt công tác kiểm tra, giám sát đảng viên chấp hành Điều lệ Đảng và nghĩa vụ công dân nơi cư trú.',
      'Đảng viên thực hiện đầy đủ việc đóng đảng phí và tham gia sinh hoạt chi bộ đúng quy định.',
    ],
    resolved: [
      'Cán bộ, đảng viên thực hiện nghiêm quy định về trách nhiệm nêu gương; chi bộ giữ nghiêm kỷ luật, kỷ cương.',
      'Nội dung sinh hoạt được chuẩn bị chu đáo, tài liệu gửi trước qua sổ tay đảng viên.',
      'Chi bộ kiểm tra, giám sát đảng viên chấp hành Điều lệ Đảng theo kế hoạch.',
      'Đảng viên tham gia sinh hoạt và đóng đảng phí đầy đủ, đúng quy định.',
    ],
    comments: [
      'Đề nghị gửi tài liệu sinh hoạt trước ít nhất ba ngày.',
      'Cần nêu cụ thể trường hợp đảng viên vắng sinh hoạt nhiều lần không có lý do.',
      'Thống nhất; đề nghị chi bộ đăng ký một chuyên đề sinh hoạt mỗi quý.',
      'Nên dành thời gian thảo luận nhiều hơn, giảm phần đọc báo cáo.',
    ],
    tasks: [
      'Xây dựng kế hoạch kiểm tra, giám sát đảng viên năm',
      'Chuẩn bị nội dung sinh hoạt chuyên đề quý',
      'Đôn đốc đảng viên hoàn thành nghĩa vụ đảng phí',
    ],
  },
  {
    topic: 'an sinh xã hội, vệ sinh môi trường và xây dựng khu dân cư văn minh',
    item: 'Công tác an sinh xã hội và vệ sinh môi trường',
    itemVote: 'open',
    paragraphs: [
      'Quan tâm chăm lo gia đình chính sách, hộ nghèo, hộ cận nghèo; thăm hỏi, tặng quà người có hoàn cảnh khó khăn nhân các ngày lễ, Tết.',
      'Duy trì tổng vệ sinh môi trường vào sáng chủ nhật hằng tuần; vận động nhân dân phân loại rác tại nguồn.',
      'Xây dựng khu dân cư văn minh, gia đình văn hóa; giữ gìn trật tự đô thị, cảnh quan các tuyến đường.',
      'Vận động đảng viên và nhân dân đóng góp quỹ vì người nghèo và quỹ đền ơn đáp nghĩa.',
    ],
    resolved: [
      'Chi bộ tiếp tục chăm lo gia đình chính sách, hộ nghèo, hộ cận nghèo.',
      'Duy trì tổng vệ sinh môi trường hằng tuần và phân loại rác tại nguồn.',
      'Đẩy mạnh xây dựng khu dân cư văn minh, gia đình văn hóa.',
      'Vận động đóng góp quỹ vì người nghèo và quỹ đền ơn đáp nghĩa.',
    ],
    comments: [
      'Đề nghị lập danh sách cụ thể các hộ cần hỗ trợ trước Tết.',
      'Nên bố trí thêm điểm tập kết rác ở cuối xóm.',
      'Thống nhất; đề nghị công khai kết quả đóng góp quỹ tại nhà văn hóa.',
      'Cần phân công đảng viên phụ trách vệ sinh từng tuyến đường.',
    ],
    tasks: [
      'Lập danh sách hộ có hoàn cảnh khó khăn cần hỗ trợ',
      'Tổ chức tổng vệ sinh môi trường khu dân cư',
      'Vận động đóng góp quỹ vì người nghèo',
    ],
  },
  {
    topic: 'chuyển đổi số và sử dụng sổ tay đảng viên điện tử',
    item: 'Triển khai sử dụng sổ tay đảng viên điện tử',
    itemVote: 'none',
    paragraphs: [
      'Một trăm phần trăm đảng viên cài đặt và sử dụng sổ tay đảng viên điện tử để nhận thông báo, tài liệu sinh hoạt và xác nhận tham dự.',
      'Chi bộ gửi dự thảo nghị quyết, tài liệu qua sổ tay để đảng viên nghiên cứu, góp ý trước mỗi kỳ sinh hoạt.',
      'Đoàn viên thanh niên là đảng viên hỗ trợ các đảng viên cao tuổi cài đặt và sử dụng ứng dụng.',
      'Tuyên truyền, hướng dẫn nhân dân sử dụng dịch vụ công trực tuyến và thanh toán không dùng tiền mặt.',
    ],
    resolved: [
      'Đảng viên cài đặt và sử dụng sổ tay đảng viên điện tử để nhận thông báo và tài liệu.',
      'Dự thảo nghị quyết và tài liệu sinh hoạt được gửi qua sổ tay để đảng viên góp ý trước.',
      'Đảng viên trẻ hỗ trợ đảng viên cao tuổi sử dụng ứng dụng.',
      'Hướng dẫn nhân dân sử dụng dịch vụ công trực tuyến.',
    ],
    comments: [
      'Đề nghị tổ chức một buổi hướng dẫn trực tiếp cho đảng viên cao tuổi.',
      'Nên cho phép xác nhận tham dự trước trên ứng dụng để chi bộ chuẩn bị.',
      'Thống nhất; ứng dụng giúp nhận tài liệu sớm, thuận tiện cho đảng viên đi làm xa.',
      'Đề nghị bổ sung chỉ tiêu số đảng viên sử dụng thường xuyên.',
    ],
    tasks: [
      'Hướng dẫn đảng viên cao tuổi cài đặt sổ tay đảng viên điện tử',
      'Cập nhật thông tin đảng viên trên hệ thống',
      'Hướng dẫn nhân dân sử dụng dịch vụ công trực tuyến',
    ],
  },
];

/** The first and last paragraphs every draft resolution has around its theme. */
export const DRAFT_OPENING =
  'Chi bộ đánh giá kết quả thực hiện nhiệm vụ tháng {prev}: các đảng viên hoàn thành nhiệm vụ được giao; một số nhiệm vụ còn chậm cần tiếp tục thực hiện trong tháng {m}.';
export const DRAFT_CLOSING =
  'Giao đồng chí bí thư chi bộ chỉ đạo, đôn đốc việc thực hiện nghị quyết; định kỳ báo cáo kết quả tại kỳ sinh hoạt tháng {next}.';
export const RESOLVED_OPENING =
  'Chi bộ thống nhất đánh giá kết quả thực hiện nhiệm vụ tháng {prev} và đề ra nhiệm vụ trọng tâm tháng {m}.';
export const RESOLVED_CLOSING =
  'Nghị quyết được chi bộ thông qua tại kỳ sinh hoạt tháng {m}; đồng chí bí thư chi bộ chịu trách nhiệm tổ chức thực hiện.';

/** Opinions on the whole draft (not on one paragraph). */
export const GENERAL_COMMENTS = [
  'Thống nhất với dự thảo nghị quyết.',
  'Đề nghị ghi rõ người chịu trách nhiệm và thời hạn hoàn thành từng nhiệm vụ.',
  'Dự thảo còn dài, đề nghị tập trung vào các nhiệm vụ trọng tâm của tháng.',
];

export const ANSWERS = [
  'Chi bộ tiếp thu, chỉnh sửa trong nghị quyết.',
  'Cảm ơn đồng chí; nội dung này đã có trong kế hoạch của chi bộ.',
  'Chi bộ ghi nhận, sẽ xem xét tại kỳ sinh hoạt tới.',
  'Tiếp thu; giao các đoàn thể phối hợp thực hiện.',
];

export const EXCUSES = [
  'Đi công tác',
  'Ốm, đang điều trị',
  'Việc gia đình',
  'Trực ca tại cơ quan',
  'Tham gia lớp bồi dưỡng',
  'Con nhỏ bị ốm',
];
export const AWAY_EXCUSES = ['Đang làm việc ở tỉnh khác', 'Đi công tác ngoài tỉnh'];

export const TASK_REPORTS = [
  'Đã hoàn thành, báo cáo chi bộ tại kỳ sinh hoạt.',
  'Đã thực hiện xong, kết quả đạt yêu cầu.',
  'Hoàn thành; đã gửi báo cáo cho đồng chí bí thư chi bộ.',
];

export const CANCEL_REASONS = [
  'Hoãn do mưa bão, sẽ thông báo lịch sinh hoạt bù',
  'Hoãn để tham gia hội nghị của cấp ủy cấp trên',
  'Hoãn do trùng lịch bầu cử, sẽ bố trí thời gian khác',
];

/** Topics of the quarterly thematic meetings. */
export const THEMATIC_TOPICS = [
  'Sinh hoạt chuyên đề: học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh',
  'Sinh hoạt chuyên đề: nâng cao vai trò nêu gương của đảng viên nơi cư trú',
  'Sinh hoạt chuyên đề: chuyển đổi số trong hoạt động của chi bộ',
  'Sinh hoạt chuyên đề: công tác dân vận khéo ở cơ sở',
  'Sinh hoạt chuyên đề: phòng, chống suy thoái tư tưởng chính trị, "tự diễn biến", "tự chuyển hóa"',
];

export interface DocumentTemplate {
  kind: 'resolution' | 'directive' | 'conclusion' | 'instruction' | 'notice';
  title: string;
  summary: string;
}

/** What the provincial committee sends down to every party member. */
export const PROVINCE_DOCUMENTS: DocumentTemplate[] = [
  {
    kind: 'resolution',
    title: 'Nghị quyết về phát triển kinh tế biển gắn với bảo đảm quốc phòng, an ninh',
    summary:
      'Định hướng phát triển kinh tế biển của tỉnh đến năm 2030, tầm nhìn 2045; nhiệm vụ của các tổ chức đảng và đảng viên.',
  },
  {
    kind: 'directive',
    title: 'Chỉ thị về tăng cường công tác phát triển đảng viên trong doanh nghiệp ngoài khu vực nhà nước',
    summary:
      'Giao các cấp ủy rà soát, tạo nguồn và kết nạp đảng viên là người lao động trong doanh nghiệp ngoài khu vực nhà nước.',
  },
  {
    kind: 'conclusion',
    title: 'Kết luận về nâng cao chất lượng sinh hoạt chi bộ',
    summary:
      'Yêu cầu chi bộ sinh hoạt định kỳ hằng tháng, sinh hoạt chuyên đề ít nhất mỗi quý một lần; gửi tài liệu trước để đảng viên nghiên cứu.',
  },
  {
    kind: 'resolution',
    title: 'Nghị quyết về chuyển đổi số trong các cơ quan đảng',
    summary:
      'Mục tiêu đưa sổ tay đảng viên điện tử đến toàn bộ đảng viên; số hóa hồ sơ, tài liệu của cấp ủy.',
  },
  {
    kind: 'instruction',
    title: 'Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm',
    summary: 'Trình tự tự đánh giá, chi bộ nhận xét và cấp ủy quyết định xếp loại theo bốn mức chất lượng.',
  },
  {
    kind: 'directive',
    title: 'Chỉ thị về lãnh đạo công tác phòng, chống thiên tai và tìm kiếm cứu nạn',
    summary: 'Trách nhiệm của cấp ủy, chi bộ và đảng viên trong mùa mưa bão; phương châm bốn tại chỗ.',
  },
  {
    kind: 'notice',
    title: 'Thông báo kết luận của Ban Thường vụ Tỉnh ủy về công tác tổ chức bộ máy sau sắp xếp',
    summary: 'Kết quả vận hành chính quyền địa phương hai cấp và nhiệm vụ kiện toàn tổ chức đảng ở cơ sở.',
  },
  {
    kind: 'conclusion',
    title: 'Kết luận về công tác dân vận trong tình hình mới',
    summary:
      'Đẩy mạnh phong trào thi đua "Dân vận khéo"; đối thoại trực tiếp giữa người đứng đầu cấp ủy với nhân dân.',
  },
  {
    kind: 'resolution',
    title: 'Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội năm',
    summary:
      'Các chỉ tiêu chủ yếu về tăng trưởng kinh tế, thu ngân sách, giảm nghèo và xây dựng nông thôn mới.',
  },
  {
    kind: 'directive',
    title: 'Chỉ thị về tổ chức đón Tết Nguyên đán vui tươi, an toàn, tiết kiệm',
    summary: 'Chăm lo gia đình chính sách, hộ nghèo; bảo đảm an ninh trật tự và an toàn giao thông dịp Tết.',
  },
];

/** What a commune's party committee sends to its cells. */
export const COMMUNE_DOCUMENTS: DocumentTemplate[] = [
  {
    kind: 'resolution',
    title: 'Nghị quyết lãnh đạo thực hiện nhiệm vụ chính trị quý',
    summary: 'Các nhiệm vụ trọng tâm của đảng bộ trong quý; phân công cấp ủy viên phụ trách chi bộ.',
  },
  {
    kind: 'notice',
    title: 'Thông báo lịch sinh hoạt chuyên đề của các chi bộ',
    summary:
      'Chủ đề, thời gian và tài liệu sinh hoạt chuyên đề; cấp ủy viên dự sinh hoạt tại chi bộ phụ trách.',
  },
  {
    kind: 'directive',
    title: 'Chỉ thị về ra quân tổng vệ sinh môi trường, xây dựng đô thị văn minh',
    summary: 'Mỗi chi bộ đăng ký một tuyến đường tự quản; đảng viên gương mẫu tham gia.',
  },
  {
    kind: 'conclusion',
    title: 'Kết luận của Ban Thường vụ Đảng ủy về kết quả kiểm tra, giám sát',
    summary: 'Ưu điểm, hạn chế của các chi bộ qua kiểm tra; yêu cầu khắc phục trong thời hạn.',
  },
  {
    kind: 'instruction',
    title: 'Hướng dẫn sử dụng sổ tay đảng viên điện tử trong sinh hoạt chi bộ',
    summary: 'Gửi thông báo, tài liệu, xác nhận tham dự, điểm danh và góp ý dự thảo nghị quyết qua ứng dụng.',
  },
];

/** Number suffix by kind: "35-NQ/TU" for the provincial committee, "12-CT/ĐU" for a commune's. */
export const DOCUMENT_CODES: Record<DocumentTemplate['kind'], string> = {
  resolution: 'NQ',
  directive: 'CT',
  conclusion: 'KL',
  instruction: 'HD',
  notice: 'TB',
};
